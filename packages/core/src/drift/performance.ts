/**
 * Performance drift: the model's quality on current data against the reference's, from the
 * mergeable sums of the profiles (profile-file.ts), once labels arrive.
 */
import type { PerformanceProfile } from "../profile/profile-file.js";
import type { PerformanceDrift } from "./drift-file.js";

/** Accuracy may fall by this much (absolute) before it is performance drift: 5 points. */
export const DEFAULT_ACCURACY_DROP = 0.05;
/** RMSE may grow by this share of the reference RMSE before it is performance drift: 10 %. */
export const DEFAULT_RMSE_INCREASE = 0.1;

export function mergePerformance(a: PerformanceProfile, b: PerformanceProfile): PerformanceProfile | undefined {
  if (a.task === "regression" && b.task === "regression") {
    return {
      task: "regression",
      rows: a.rows + b.rows,
      sum_abs_error: a.sum_abs_error + b.sum_abs_error,
      sum_squared_error: a.sum_squared_error + b.sum_squared_error,
    };
  }
  if (a.task !== "regression" && b.task !== "regression" && a.task === b.task) {
    return { task: a.task, rows: a.rows + b.rows, correct: a.correct + b.correct };
  }
  return undefined;
}

function metricOf(p: PerformanceProfile): number {
  if (p.task === "regression") return Math.sqrt(p.sum_squared_error / p.rows);
  return p.correct / p.rows;
}

export function comparePerformance(
  reference: PerformanceProfile,
  current: PerformanceProfile,
): PerformanceDrift | undefined {
  if (reference.task !== current.task || reference.rows === 0 || current.rows === 0) return undefined;
  const r = metricOf(reference);
  const c = metricOf(current);
  if (reference.task === "regression") {
    const threshold = DEFAULT_RMSE_INCREASE;
    return {
      metric: "rmse",
      reference: r,
      current: c,
      delta: c - r,
      threshold,
      drifted: c - r >= threshold * r && c > r,
    };
  }
  const threshold = DEFAULT_ACCURACY_DROP;
  return { metric: "accuracy", reference: r, current: c, delta: c - r, threshold, drifted: r - c >= threshold };
}
