/**
 * The sections of the pull-request report, each a pure function from results to markdown. The order of
 * the report is the order a reviewer asks: is it better, did the gates pass, where did it get worse,
 * what does it cost, is the data sound; the rest is folded in <details>.
 */
import { isMetricName, type MetricName, metricKeys } from "@mlci/core";
import { markdownTable } from "markdown-table";
import {
  cell,
  code,
  formatBytes,
  formatCount,
  formatInterval,
  formatMs,
  formatNumber,
  formatSigned,
} from "./format.js";
import {
  type ConfusionMatrix,
  type CostFigures,
  directionOf,
  type Evaluation,
  type HistoryPoint,
  type MetricDelta,
  type Slice,
  type Validation,
} from "./results.js";

/** Regressed slices listed in the body before the rest is folded into the details. */
export const MAX_REGRESSED_SLICES_SHOWN = 20;
/** Failed validation checks listed in the body. */
export const MAX_FAILED_CHECKS_SHOWN = 20;

export type OverallVerdict = "better" | "worse" | "mixed" | "no significant change" | "no baseline";

/**
 * The metrics the headline weighs: those the team put gates on (they said what matters to them), or
 * every metric when there are no metric gates. Without this, a model that is much better on the gated
 * ROC AUC but 0.0008 worse on accuracy would be announced as "worse".
 */
function headlineMetrics(evaluation: Evaluation): ReadonlySet<string> | undefined {
  const deltas = evaluation.comparison?.deltas ?? {};
  const gated = (evaluation.gates ?? []).map((g) => g.metric).filter((metric) => metric in deltas);
  return gated.length > 0 ? new Set(gated) : undefined;
}

function significantNames(
  evaluation: Evaluation,
  verdict: "better" | "worse",
  include: (metric: string) => boolean,
): string[] {
  return Object.entries(evaluation.comparison?.deltas ?? {})
    .filter(([name, d]) => include(name) && d.significant && d.verdict === verdict)
    .map(([name, d]) => `${name} ${formatSigned(d.delta)}`);
}

export function overallVerdict(evaluation: Evaluation): OverallVerdict {
  if (!evaluation.baseline) return "no baseline";
  const weighed = headlineMetrics(evaluation);
  const include = (metric: string) => weighed === undefined || weighed.has(metric);
  const worse = significantNames(evaluation, "worse", include).length > 0;
  const better = significantNames(evaluation, "better", include).length > 0;
  if (worse && better) return "mixed";
  if (worse) return "worse";
  if (better) return "better";
  return "no significant change";
}

/** The headline's verdict in words, naming the significant changes behind it. */
function verdictPhrase(evaluation: Evaluation): string {
  const verdict = overallVerdict(evaluation);
  if (verdict === "no baseline") return "first evaluation (no production model to compare with)";
  const weighed = headlineMetrics(evaluation);
  const inHeadline = (metric: string) => weighed === undefined || weighed.has(metric);
  const better = significantNames(evaluation, "better", inHeadline).join(", ");
  const worse = significantNames(evaluation, "worse", inHeadline).join(", ");
  let what: string;
  if (verdict === "better") what = `better than production (${better})`;
  else if (verdict === "worse") what = `worse than production (${worse})`;
  else if (verdict === "mixed") what = `mixed: better on ${better}; worse on ${worse}`;
  else what = "no significant change from production";
  const ungatedWorse = weighed ? significantNames(evaluation, "worse", (m) => !weighed.has(m)) : [];
  if (ungatedWorse.length > 0) what += ` (also worse, not gated: ${ungatedWorse.join(", ")})`;
  return what;
}

function gatesPhrase(evaluation: Evaluation): string {
  const gates = evaluation.gates ?? [];
  if (gates.length === 0) return "no gates";
  const failed = gates.filter((g) => !g.passed);
  if (failed.length === 0) return `all ${gates.length} gate${gates.length === 1 ? "" : "s"} passed`;
  return `${failed.length} of ${gates.length} gate${gates.length === 1 ? "" : "s"} failed (${failed.map((g) => `${g.metric} ${g.kind}`).join(", ")})`;
}

/** The first line: the verdict and the gates, in words a reviewer reads at a glance. */
export function verdictLine(evaluation: Evaluation, validation?: Validation): string {
  const icon = evaluation.passed && (validation?.passed ?? true) ? "✅" : "❌";
  const what = verdictPhrase(evaluation);
  const data = validation ? ` · data validation ${validation.passed ? "passed" : "failed"}` : "";
  return `### ${icon} ${code(evaluation.name)}: ${what} · ${gatesPhrase(evaluation)}${data}`;
}

function verdictCell(delta: MetricDelta | undefined): string {
  if (!delta || delta.delta === null) return "";
  if (!delta.significant) return "⚪ no significant change";
  return delta.verdict === "better" ? "🟢 better" : delta.verdict === "worse" ? "🔴 worse" : "⚪ same";
}

function metricLabel(name: string): string {
  return `${name} ${directionOf(name) === "higher" ? "↑" : "↓"}`;
}

/** New vs production with delta, interval and verdict (by each metric's direction). */
export function metricsSection(evaluation: Evaluation): string {
  const deltas = evaluation.comparison?.deltas ?? {};
  const names = [...new Set([...metricKeys(deltas), ...metricKeys(evaluation.head.metrics)])];
  if (names.length === 0) return "";
  if (!evaluation.baseline) {
    const rows = names.map((n) => [cell(metricLabel(n)), formatNumber(evaluation.head.metrics[n])]);
    return `#### Metrics\n\n${markdownTable([["Metric", "This PR"], ...rows], { align: ["l", "r"] })}\n`;
  }
  const confidence = Math.round((evaluation.comparison?.confidence ?? 0.95) * 100);
  const rows = names.map((n) => {
    const d = deltas[n];
    const head = d?.head ?? evaluation.head.metrics[n] ?? null;
    const base = d?.baseline ?? evaluation.baseline?.metrics[n] ?? null;
    const delta = d?.delta ?? (head !== null && base !== null ? head - base : null);
    return [
      cell(metricLabel(n)),
      formatNumber(base),
      formatNumber(head),
      formatSigned(delta),
      d ? formatInterval(d.ci_low, d.ci_high) : "n/a",
      verdictCell(d),
    ];
  });
  const header = ["Metric", "Production", "This PR", "Δ", `${confidence}% CI of Δ`, "Verdict"];
  const method = evaluation.comparison
    ? `\n<sub>Intervals: ${(evaluation.comparison.method ?? "paired bootstrap").replace(/-/g, " ")}, ${formatCount(evaluation.comparison.resamples)} resamples, seed ${evaluation.comparison.seed ?? "n/a"}; a change counts only when its interval excludes 0. ↑ higher is better, ↓ lower is better.</sub>\n`
    : "";
  return `#### Metrics\n\n${markdownTable([header, ...rows], { align: ["l", "r", "r", "r", "r", "l"] })}\n${method}`;
}

export function gatesSection(evaluation: Evaluation): string {
  const gates = evaluation.gates ?? [];
  if (gates.length === 0) return "";
  const rows = gates.map((g) => [
    g.passed ? "✅ pass" : "❌ fail",
    cell(g.metric),
    cell(g.kind),
    formatNumber(g.threshold),
    formatNumber(g.observed),
    cell(g.reason),
  ]);
  return `#### Gates\n\n${markdownTable([["Result", "Metric", "Gate", "Threshold", "Observed", "Reason"], ...rows], { align: ["l", "l", "l", "r", "r", "l"] })}\n`;
}

function worseDeltas(slice: Slice): string {
  const entries = Object.entries(slice.deltas ?? {}).filter(([, d]) => d.verdict === "worse");
  const shown = entries.length > 0 ? entries : Object.entries(slice.deltas ?? {});
  return shown.map(([name, d]) => `${name} ${formatSigned(d.delta)} ${formatInterval(d.ci_low, d.ci_high)}`).join("; ");
}

export function regressedSlicesSection(evaluation: Evaluation): string {
  const regressed = (evaluation.slices ?? []).filter((s) => s.regressed);
  if (regressed.length === 0) return evaluation.slices?.length ? "#### Slices\n\nNo slice regressed.\n" : "";
  const shown = regressed.slice(0, MAX_REGRESSED_SLICES_SHOWN);
  const rows = shown.map((s) => [cell(s.column), cell(s.segment), formatCount(s.rows), cell(worseDeltas(s))]);
  const more =
    regressed.length > shown.length
      ? `\n${regressed.length - shown.length} more regressed slices are in the details below.\n`
      : "";
  return `#### Regressed slices (${regressed.length})\n\n${markdownTable([["Column", "Segment", "Rows", "Worse"], ...rows], { align: ["l", "l", "r", "l"] })}\n${more}`;
}

function costRows(head: CostFigures | undefined, base: CostFigures | undefined, withBase: boolean): string[][] {
  const pick: [
    string,
    (c: CostFigures | undefined) => number | null | undefined,
    (v: number | null | undefined) => string,
  ][] = [
    ["Model size", (c) => c?.size_bytes, formatBytes],
    ["Latency p50", (c) => c?.latency_ms?.p50, formatMs],
    ["Latency p95", (c) => c?.latency_ms?.p95, formatMs],
    ["Latency p99", (c) => c?.latency_ms?.p99, formatMs],
    ["Throughput (rows/s)", (c) => c?.throughput_rows_per_s, (v) => formatCount(v == null ? v : Math.round(v))],
    ["Peak memory", (c) => c?.peak_memory_bytes, formatBytes],
  ];
  return pick
    .filter(([, get]) => get(head) != null || get(base) != null)
    .map(([label, get, format]) => {
      const h = get(head);
      const b = get(base);
      if (!withBase) return [label, format(h)];
      const change = h != null && b != null && b !== 0 ? `${formatSigned(((h - b) / b) * 100)} %` : "n/a";
      return [label, format(b), format(h), change];
    });
}

export function costSection(evaluation: Evaluation): string {
  const head = evaluation.head.cost;
  const base = evaluation.baseline?.cost;
  if (!head && !base) return "";
  const withBase = Boolean(evaluation.baseline);
  const rows = costRows(head, base, withBase);
  if (rows.length === 0) return "";
  const header = withBase ? ["", "Production", "This PR", "Change"] : ["", "This PR"];
  return `#### Latency and size\n\n${markdownTable([header, ...rows], { align: withBase ? ["l", "r", "r", "r"] : ["l", "r"] })}\n`;
}

export function validationSection(validation: Validation | undefined): string {
  if (!validation) return "";
  const { summary } = validation;
  const where = validation.data?.path
    ? ` on ${code(validation.data.path)}${validation.data.rows !== undefined ? ` (${formatCount(validation.data.rows)} rows)` : ""}`
    : "";
  const head = `#### Data validation\n\n${validation.passed ? "✅ passed" : "❌ failed"}${where}: ${summary.checks} checks, ${summary.failed_errors} failed error${summary.failed_errors === 1 ? "" : "s"}, ${summary.failed_warnings} failed warning${summary.failed_warnings === 1 ? "" : "s"}.\n`;
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

export function confusionDetails(evaluation: Evaluation): string {
  const parts: string[] = [];
  if (evaluation.head.confusion_matrix) parts.push(`This PR:\n\n${confusionTable(evaluation.head.confusion_matrix)}\n`);
  if (evaluation.baseline?.confusion_matrix)
    parts.push(`Production:\n\n${confusionTable(evaluation.baseline.confusion_matrix)}\n`);
  if (parts.length === 0) return "";
  return details("Confusion matrices", parts.join("\n"));
}

/** Every slice with this PR's metrics and the deltas to production. */
export function sliceDetails(evaluation: Evaluation): string {
  const slices = evaluation.slices ?? [];
  if (slices.length === 0) return "";
  const metrics = [...new Set(slices.flatMap((s) => metricKeys(s.head)))];
  const header = ["Column", "Segment", "Rows", ...metrics.map(cell), "Regressed"];
  const rows = slices.map((s) => [
    cell(s.column),
    cell(s.segment),
    formatCount(s.rows),
    ...metrics.map((m) => {
      const d = s.deltas?.[m];
      const value = formatNumber(s.head[m]);
      return d?.delta != null ? `${value} (${formatSigned(d.delta)})` : value;
    }),
    s.regressed ? "🔴 yes" : "",
  ]);
  return details(`Per-slice metrics (${slices.length} slices)`, `${markdownTable([header, ...rows])}\n`);
}

/** The primary metric for the chart: the first gated metric, else the first compared, else the first. */
export function primaryMetric(evaluation: Evaluation): MetricName | undefined {
  return (
    evaluation.gates.map((g) => g.metric).find(isMetricName) ??
    metricKeys(evaluation.comparison?.deltas ?? {})[0] ??
    metricKeys(evaluation.head.metrics)[0]
  );
}

/**
 * The metric over past versions: a mermaid line chart (GitHub renders mermaid in comments) and the same
 * numbers as a table, for readers whose client does not render mermaid.
 */
export function historySection(evaluation: Evaluation, history: readonly HistoryPoint[] | undefined): string {
  if (!history || history.length === 0) return "";
  const metric = primaryMetric(evaluation);
  if (!metric) return "";
  const points = [
    ...history.map((h) => ({ label: h.version, value: h.metrics[metric] })),
    { label: "this PR", value: evaluation.head.metrics[metric] },
  ].filter((p): p is { label: string; value: number } => typeof p.value === "number" && Number.isFinite(p.value));
  if (points.length < 2) return "";
  const values = points.map((p) => p.value);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = (high - low || Math.abs(high) || 1) * 0.1;
  const label = (text: string) => JSON.stringify(text.replace(/"/g, "'"));
  const chart = [
    "```mermaid",
    "xychart-beta",
    `  title ${label(`${metric} over versions`)}`,
    `  x-axis [${points.map((p) => label(p.label)).join(", ")}]`,
    `  y-axis ${label(metric)} ${formatNumber(low - pad)} --> ${formatNumber(high + pad)}`,
    `  line [${values.map((v) => formatNumber(v)).join(", ")}]`,
    "```",
  ].join("\n");
  const table = markdownTable([["Version", metric], ...points.map((p) => [cell(p.label), formatNumber(p.value)])], {
    align: ["l", "r"],
  });
  return `#### ${cell(metric)} over versions\n\n${chart}\n\n${details("As a table", `${table}\n`)}`;
}

export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n</details>\n`;
}

export interface FooterInput {
  readonly runUrl?: string;
}

export function footer(evaluation: Evaluation, input: FooterInput): string {
  const bits = ["mlci"];
  if (input.runUrl) bits.push(`[workflow run](${input.runUrl})`);
  if (evaluation.data?.path) {
    bits.push(
      `evaluated on ${code(evaluation.data.path)}${evaluation.data.rows !== undefined ? ` (${formatCount(evaluation.data.rows)} rows)` : ""}`,
    );
  }
  const head = modelLabel(evaluation.head.model);
  const base = evaluation.baseline ? modelLabel(evaluation.baseline.model) : undefined;
  if (head) bits.push(`model ${head}${base ? ` vs production ${base}` : ""}`);
  return `<sub>${bits.join(" · ")}</sub>\n`;
}

/** A model by its content (the first 12 hex digits of its SHA-256), or by its predictions file. */
function modelLabel(model: Evaluation["head"]["model"]): string | undefined {
  if (!model) return undefined;
  if ("sha256" in model && model.sha256) return code(model.sha256.slice(0, 12));
  if ("predictions" in model && model.predictions) return `predictions ${code(model.predictions)}`;
  return undefined;
}
