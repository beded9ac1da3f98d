/**
 * The smaller sections of the pull-request report: cost, data validation, confusion matrices, and the
 * <details> fold they share. The order of the report is the order a reviewer asks (pr-report.ts):
 * can I merge (headline.ts), by how much (metrics-section.ts), did the gates pass (gates-section.ts),
 * where did it get worse (slices-section.ts), what does it cost, is the data sound.
 */
import { markdownTable } from "markdown-table";
import { cell, code, formatBytes, formatCount, formatMs, formatPercent } from "./format.js";
import type { ConfusionMatrix, CostFigures, Evaluation, Validation } from "./results.js";

/** Failed validation checks listed in the body. */
export const MAX_FAILED_CHECKS_SHOWN = 20;
/** Classes up to which the confusion matrix is a table (a row label plus 7 classes: 8 columns). */
export const MAX_CONFUSION_CLASSES = 7;
/** Most frequent confusions listed when there are more classes than that. */
export const MAX_CONFUSIONS_LISTED = 10;

export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n</details>\n`;
}

type Pick = readonly [
  string,
  (c: CostFigures | undefined) => number | null | undefined,
  (v: number | null | undefined) => string,
];

const COST_ROWS: readonly Pick[] = [
  ["Model size", (c) => c?.size_bytes, formatBytes],
  ["Latency p50", (c) => c?.latency_ms?.p50, (v) => formatMs(v)],
  ["Latency p95", (c) => c?.latency_ms?.p95, (v) => formatMs(v)],
  ["Latency p99", (c) => c?.latency_ms?.p99, (v) => formatMs(v)],
  ["Throughput", (c) => c?.throughput_rows_per_s, (v) => (v == null ? formatCount(v) : `${formatCount(v)} rows/s`)],
  ["Peak memory", (c) => c?.peak_memory_bytes, formatBytes],
];

export function costSection(evaluation: Evaluation): string {
  const head = evaluation.head.cost;
  const base = evaluation.baseline?.cost;
  if (!head && !base) return "";
  const withBase = Boolean(evaluation.baseline);
  const rows = COST_ROWS.filter(([, get]) => get(head) != null || get(base) != null).map(([label, get, format]) => {
    const h = get(head);
    const b = get(base);
    if (!withBase) return [label, format(h)];
    let change = h != null && b != null && b !== 0 ? formatPercent(h / b - 1, { signed: true }) : "n/a";
    // A latency change within the rounds' noise is not a change (the intervals overlap).
    if (label === "Latency p95" && evaluation.latency_comparison?.verdict === "noisy") change += " (noisy)";
    return [label, format(b), format(h), change];
  });
  if (rows.length === 0) return "";
  const header = withBase ? ["", "Production", "This PR", "Change"] : ["", "This PR"];
  return `#### Latency and size\n\n${markdownTable([header, ...rows], { align: withBase ? ["l", "r", "r", "r"] : ["l", "r"] })}\n${latencyNote(evaluation)}`;
}

/** The p95's spread over its rounds, and the process's peak memory (not either model's). */
function latencyNote(evaluation: Evaluation): string {
  const parts: string[] = [];
  const spread = (name: string, c: CostFigures | undefined) => {
    const l = c?.latency_ms;
    if (l?.p95_low == null || l.p95_high == null) return;
    parts.push(`${name} p95 ${formatMs(l.p95_low)}–${formatMs(l.p95_high)} over ${formatCount(l.rounds ?? 0)} rounds`);
  };
  if (evaluation.baseline) spread("production", evaluation.baseline.cost);
  spread("this PR", evaluation.head.cost);
  const verdict = evaluation.latency_comparison?.verdict;
  const said =
    verdict === "noisy"
      ? "; the intervals overlap: no latency change beyond noise"
      : verdict
        ? `; ${verdict} beyond noise`
        : "";
  const memory =
    evaluation.peak_memory_bytes != null
      ? ` Peak memory of the evaluation (both models in one process): ${formatBytes(evaluation.peak_memory_bytes)}.`
      : "";
  if (parts.length === 0 && !memory) return "";
  return `\n${parts.length > 0 ? `Latency: ${parts.join(", ")}${said}.` : ""}${memory}\n`;
}

export function validationSection(validation: Validation | undefined): string {
  if (!validation) return "";
  const { summary } = validation;
  const where = validation.data?.path
    ? ` on ${code(validation.data.path)}${validation.data.rows !== undefined ? ` (${formatCount(validation.data.rows)} rows)` : ""}`
    : "";
  const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? "" : "s"}`;
  const head = `#### Data validation\n\n${validation.passed ? "✅ passed" : "❌ failed"}${where}: ${plural(summary.checks, "check")}, ${plural(summary.failed_errors, "failed error")}, ${plural(summary.failed_warnings, "failed warning")}.\n`;
  const failed = validation.checks
    .filter((c) => !c.passed)
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  if (failed.length === 0) return head;
  const shown = failed.slice(0, MAX_FAILED_CHECKS_SHOWN);
  const rows = shown.map((c) => [
    c.severity === "error" ? "❌ error" : "⚠️ warn",
    cell(c.column ?? "(table)"),
    cell(c.name ?? c.check),
    formatCount(c.failing_rows),
    cell(c.message),
  ]);
  const more =
    failed.length > shown.length
      ? `\n${failed.length - shown.length} more failed checks are in validation.json.\n`
      : "";
  return `${head}\n${markdownTable([["Severity", "Column", "Check", "Failing rows", "Message"], ...rows], { align: ["l", "l", "l", "r", "l"] })}\n${more}`;
}

function confusionTable(matrix: ConfusionMatrix): string {
  const header = ["actual \\ predicted", ...matrix.labels.map(cell)];
  const rows = matrix.matrix.map((row, i) => [cell(matrix.labels[i] ?? String(i)), ...row.map(formatCount)]);
  return markdownTable([header, ...rows], { align: ["l", ...matrix.labels.map(() => "r" as const)] });
}

/** With many classes: the most frequent confusions of this PR, with production's count beside them. */
function confusionList(head: ConfusionMatrix, base: ConfusionMatrix | undefined): string {
  const count = (m: ConfusionMatrix | undefined, actual: string, predicted: string) => {
    const t = m?.labels.indexOf(actual) ?? -1;
    const p = m?.labels.indexOf(predicted) ?? -1;
    return t >= 0 && p >= 0 ? m?.matrix[t]?.[p] : undefined;
  };
  const pairs = head.matrix
    .flatMap((row, t) => row.map((n, p) => ({ t, p, n })))
    .filter(({ t, p, n }) => t !== p && n > 0)
    .sort((a, b) => b.n - a.n)
    .slice(0, MAX_CONFUSIONS_LISTED);
  const rows = pairs.map(({ t, p, n }) => {
    const actual = head.labels[t] ?? String(t);
    const predicted = head.labels[p] ?? String(p);
    return [
      cell(actual),
      cell(predicted),
      ...(base ? [formatCount(count(base, actual, predicted))] : []),
      formatCount(n),
    ];
  });
  const header = ["Actual", "Predicted as", ...(base ? ["Production"] : []), "This PR"];
  return `The ${pairs.length} most frequent confusions of ${head.labels.length} classes (the full matrices are in evaluation.json):\n\n${markdownTable([header, ...rows], { align: ["l", "l", "r", "r"] })}\n`;
}

export function confusionDetails(evaluation: Evaluation): string {
  const head = evaluation.head.confusion_matrix;
  const base = evaluation.baseline?.confusion_matrix;
  if (!head && !base) return "";
  if (head && head.labels.length > MAX_CONFUSION_CLASSES) return details("Confusions", confusionList(head, base));
  const parts: string[] = [];
  if (head) parts.push(`This PR:\n\n${confusionTable(head)}\n`);
  if (base) parts.push(`Production:\n\n${confusionTable(base)}\n`);
  return details("Confusion matrices", parts.join("\n"));
}
