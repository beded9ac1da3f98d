/**
 * Which metrics a reviewer sees first: the gated ones (the team said they matter) and the primary
 * one, then any that got significantly worse; the rest are folded. Metrics that repeat another are
 * left out: for single-label classification micro-averaged F1 equals accuracy, row for row.
 */
import { TASK_PRIMARY_METRICS } from "@mlci/core/evaluation/worst-metric.js";
import type { Evaluation } from "./results.js";

/** Metrics equal to another by definition, with the one they repeat. */
export const DUPLICATE_METRICS: Readonly<Record<string, string>> = { f1_micro: "accuracy" };

/** Every metric of the evaluation, in the file's order, without the duplicates. */
export function reportedMetrics(evaluation: Evaluation): string[] {
  const names = [
    ...new Set([...Object.keys(evaluation.comparison?.deltas ?? {}), ...Object.keys(evaluation.head.metrics)]),
  ];
  return names.filter((name) => !(name in DUPLICATE_METRICS && names.includes(DUPLICATE_METRICS[name] ?? "")));
}

export function gatedMetrics(evaluation: Evaluation): string[] {
  const known = new Set(reportedMetrics(evaluation));
  return [...new Set((evaluation.gates ?? []).map((g) => g.metric).filter((m) => known.has(m)))];
}

/** The first gated metric, else the task's usual headline metric, else the first reported. */
export function primaryMetric(evaluation: Evaluation): string | undefined {
  const reported = reportedMetrics(evaluation);
  return (
    gatedMetrics(evaluation)[0] ??
    TASK_PRIMARY_METRICS[evaluation.task]?.find((m) => reported.includes(m) && evaluation.head.metrics[m] != null) ??
    reported[0]
  );
}

export function significantlyWorse(evaluation: Evaluation): string[] {
  const deltas = evaluation.comparison?.deltas ?? {};
  return reportedMetrics(evaluation).filter((m) => deltas[m]?.significant && deltas[m]?.verdict === "worse");
}

export function significantlyBetter(evaluation: Evaluation): string[] {
  const deltas = evaluation.comparison?.deltas ?? {};
  return reportedMetrics(evaluation).filter((m) => deltas[m]?.significant && deltas[m]?.verdict === "better");
}

/**
 * The metrics of the main table, in this order: gated, primary, significantly worse, significantly
 * better (the first line names those); the rest, without a significant change, are folded.
 */
export function metricOrder(evaluation: Evaluation): { shown: string[]; folded: string[] } {
  const primary = primaryMetric(evaluation);
  const first = [
    ...gatedMetrics(evaluation),
    ...(primary ? [primary] : []),
    ...significantlyWorse(evaluation),
    ...significantlyBetter(evaluation),
  ];
  const shown = [...new Set(first)];
  const folded = reportedMetrics(evaluation).filter((m) => !shown.includes(m));
  return { shown, folded };
}
