/**
 * Model performance in a profile, in mergeable form (sums, not ratios), so that shards merge and the
 * nightly check can compare current quality with the reference's when labels arrive.
 */
export type PerformanceProfile =
  | { task: "binary" | "multiclass"; rows: number; correct: number }
  | { task: "regression"; rows: number; sum_abs_error: number; sum_squared_error: number };

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

export interface PerformanceDrift {
  metric: "accuracy" | "rmse";
  reference: number;
  current: number;
  /** current - reference. */
  delta: number;
  /** Largest tolerated degradation: an absolute drop (accuracy) or a relative increase (rmse). */
  threshold: number;
  drifted: boolean;
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
