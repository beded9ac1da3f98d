/**
 * Production vs this PR per metric: the gated and primary metrics and those that got worse in the
 * table, marked; the rest folded below it. Every cell of a metric has that metric's decimals.
 */
import { markdownTable } from "markdown-table";
import { cell, formatFixed, formatInterval, formatMetric, metricDecimals } from "./format.js";
import { DUPLICATE_METRICS, gatedMetrics, metricOrder, primaryMetric } from "./metric-roles.js";
import { directionOf, type Evaluation, type MetricDelta } from "./results.js";
import { details } from "./sections.js";

function verdictCell(delta: MetricDelta | undefined): string {
  if (!delta || delta.delta === null) return "";
  if (!delta.significant) return "⚪ no significant change";
  return delta.verdict === "better" ? "🟢 better" : delta.verdict === "worse" ? "🔴 worse" : "⚪ same";
}

function metricLabel(evaluation: Evaluation, name: string): string {
  const roles = [
    gatedMetrics(evaluation).includes(name) ? "gated" : "",
    primaryMetric(evaluation) === name ? "primary" : "",
  ].filter(Boolean);
  const arrow = directionOf(name) === "higher" ? "↑" : "↓";
  return roles.length > 0 ? `**${cell(name)}** ${arrow} (${roles.join(", ")})` : `${cell(name)} ${arrow}`;
}

function metricTable(evaluation: Evaluation, names: readonly string[]): string {
  const deltas = evaluation.comparison?.deltas ?? {};
  if (!evaluation.baseline) {
    const rows = names.map((n) => [metricLabel(evaluation, n), formatMetric(evaluation.head.metrics[n], n)]);
    return markdownTable([["Metric", "This PR"], ...rows], { align: ["l", "r"] });
  }
  const confidence = Math.round((evaluation.comparison?.confidence ?? 0.95) * 100);
  const rows = names.map((n) => {
    const d = deltas[n];
    const head = d?.head ?? evaluation.head.metrics[n] ?? null;
    const base = d?.baseline ?? evaluation.baseline?.metrics[n] ?? null;
    const delta = d?.delta ?? (head !== null && base !== null ? head - base : null);
    const decimals = metricDecimals(n, [head, base]);
    return [
      metricLabel(evaluation, n),
      formatFixed(base, decimals),
      formatFixed(head, decimals),
      formatFixed(delta, decimals, { signed: true }),
      d ? formatInterval(d.ci_low, d.ci_high, decimals) : "n/a",
      verdictCell(d),
    ];
  });
  const header = ["Metric", "Production", "This PR", "Δ", `${confidence}% interval of Δ`, "Verdict"];
  return markdownTable([header, ...rows], { align: ["l", "r", "r", "r", "r", "l"] });
}

export function metricsSection(evaluation: Evaluation): string {
  const { shown, folded } = metricOrder(evaluation);
  if (shown.length === 0) return "";
  const parts = [`#### Metrics\n\n${metricTable(evaluation, shown)}\n`];
  const comparison = evaluation.comparison;
  if (evaluation.baseline && comparison) {
    const method = (comparison.method ?? "paired bootstrap").replace(/-/g, " ");
    const resamples = comparison.resamples !== undefined ? `, ${formatFixed(comparison.resamples, 0)} resamples` : "";
    parts.push(
      `<sub>Intervals: ${cell(method)}${resamples}, seed ${comparison.seed ?? "n/a"}; a change counts only when its interval excludes 0. ↑ higher is better, ↓ lower is better.</sub>\n`,
    );
  }
  if (folded.length > 0) {
    const duplicates = Object.entries(DUPLICATE_METRICS)
      .filter(([m]) => m in evaluation.head.metrics)
      .map(([m, same]) => `${m} is not shown: it equals ${same} on single-label data.`);
    const note = duplicates.length > 0 ? `\n<sub>${duplicates.join(" ")}</sub>\n` : "";
    parts.push(details(`Other metrics (${folded.length})`, `${metricTable(evaluation, folded)}\n${note}`));
  }
  return parts.join("\n");
}
