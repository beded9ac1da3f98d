/**
 * The report's pictures, as mermaid charts GitHub renders: the primary metric over released versions
 * (with the same numbers as a table for clients without mermaid), and the ROC curve of this PR
 * against production.
 */
import { axisRange, mermaidXyChart, SERIES_COLOUR_NAMES } from "@mlci/core/format/mermaid-chart.js";
import { CLASSIFICATION_METRICS } from "@mlci/core/metrics/names.js";
import { markdownTable } from "markdown-table";
import { cell, formatFixed, metricDecimals } from "./format.js";
import { primaryMetric } from "./metric-roles.js";
import type { Evaluation, HistoryPoint, RocCurve } from "./results.js";
import { details } from "./sections.js";

/**
 * The smallest y-range of the history chart, as a share of the metric's scale (1 for metrics in
 * [0, 1], else the largest value): a change of 0.002 then stays a small step, not the chart's height.
 */
export const HISTORY_MIN_SPAN = 0.1;

/** Every classification metric but log loss lies in [0, 1]. */
const BOUNDED: ReadonlySet<string> = new Set(CLASSIFICATION_METRICS.filter((metric) => metric !== "log_loss"));

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
  const bounded = BOUNDED.has(metric);
  const scale = bounded ? 1 : Math.max(...values.map(Math.abs)) || 1;
  const range = axisRange(values, HISTORY_MIN_SPAN * scale, bounded ? { min: 0, max: 1 } : undefined);
  const decimals = metricDecimals(metric, values);
  const chart = mermaidXyChart({
    title: `${metric} of released versions and this PR`,
    x: { labels: points.map((p) => p.label) },
    y: { name: metric, ...range },
    series: [{ kind: "line", values }],
    decimals,
  });
  const table = markdownTable(
    [["Version", cell(metric)], ...points.map((p) => [cell(p.label), formatFixed(p.value, decimals)])],
    { align: ["l", "r"] },
  );
  return `#### ${cell(metric)} over versions\n\n${chart}\n\n${details("As a table", `${table}\n`)}`;
}

/**
 * Both ROC curves, as true-positive rates at evenly spaced false-positive rates from 0 to 1 (the grid
 * `mlci evaluate` writes), drawn on a numeric x-axis of percent so that mermaid spaces the points
 * exactly (it steps from min to max by (max − min) / (points − 1)).
 */
export function rocDetails(evaluation: Evaluation): string {
  const head = evaluation.head.curves?.roc;
  if (!head || !isEvenGrid(head)) return "";
  const base = evaluation.baseline?.curves?.roc;
  const series = [{ kind: "line" as const, values: head.tpr }];
  if (base && isEvenGrid(base) && base.fpr.length === head.fpr.length)
    series.push({ kind: "line" as const, values: base.tpr });
  const title =
    series.length > 1
      ? `ROC: this PR (${SERIES_COLOUR_NAMES[0]}) vs production (${SERIES_COLOUR_NAMES[1]})`
      : "ROC of this PR";
  const chart = mermaidXyChart({
    title,
    x: { name: "false positive rate (%)", min: 0, max: 100 },
    y: { name: "true positive rate", min: 0, max: 1 },
    series,
    decimals: 3,
  });
  const auc = (side: typeof evaluation.head | null | undefined) => formatFixed(side?.metrics.roc_auc, 4);
  const caption = `<sub>ROC AUC ${auc(evaluation.head)} (this PR)${evaluation.baseline ? `, ${auc(evaluation.baseline)} (production)` : ""}; the higher and further left the curve, the better.</sub>`;
  return details("ROC curve", `${chart}\n\n${caption}\n`);
}

function isEvenGrid(curve: RocCurve): boolean {
  const n = curve.fpr.length;
  return n >= 3 && curve.tpr.length === n && curve.fpr.every((x, i) => Math.abs(x - i / (n - 1)) < 1e-6);
}
