/**
 * The ROC curve of a binary classifier, compact enough for evaluation.json: the true-positive rate at
 * evenly spaced false-positive rates, linearly interpolated between the curve's points as NumPy's
 * `interp(grid, fpr, tpr)` does on scikit-learn's `roc_curve(..., drop_intermediate=False)` (tied
 * scores form one point; the curve starts at (0, 0)). Evenly spaced points let every curve share one
 * x-axis, so the report draws production and this PR on one chart.
 */

import { classRankings } from "./classification.js";
import type { ClassificationPredictions } from "./predictions.js";
import { DEFAULT_POSITIVE_CLASS } from "./predictions.js";
import type { RankedScores } from "./ranking.js";

/** Points per curve: 51 (a step of 2 % of false-positive rate), plenty for a chart, small in JSON. */
export const ROC_POINTS = 51;
/** Decimals kept of each true-positive rate (a chart draws no finer). */
const ROC_DECIMALS = 4;

export interface RocCurveJson {
  readonly fpr: readonly number[];
  readonly tpr: readonly number[];
}

/** The curve's corner points (fpr ascending), or undefined when a class is missing. */
export function rocPoints(ranked: RankedScores): { fpr: number[]; tpr: number[] } | undefined {
  const n = ranked.order.length;
  let positives = 0;
  for (let j = 0; j < n; j++) positives += ranked.positiveInOrder[j] as number;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return undefined;
  const fpr = [0];
  const tpr = [0];
  let tp = 0;
  let fp = 0;
  // Highest scores first: each group of tied scores adds one point.
  for (let j = n - 1; j >= 0; j--) {
    if (ranked.positiveInOrder[j]) tp++;
    else fp++;
    if (j === 0 || ranked.groupEnd[j - 1]) {
      fpr.push(fp / negatives);
      tpr.push(tp / positives);
    }
  }
  return { fpr, tpr };
}

/** `np.interp(x, xs, ys)` for non-decreasing xs: at a repeated x, the value of its last point. */
export function interpolate(x: number, xs: readonly number[], ys: readonly number[]): number {
  let low = 0;
  let high = xs.length - 1;
  if (x >= (xs[high] as number)) return ys[high] as number;
  if (x < (xs[0] as number)) return ys[0] as number;
  // The last index whose x is <= the point.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if ((xs[mid] as number) <= x) low = mid;
    else high = mid - 1;
  }
  const x0 = xs[low] as number;
  const x1 = xs[low + 1] as number;
  const y0 = ys[low] as number;
  const y1 = ys[low + 1] as number;
  return x1 === x0 ? y1 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}

export function rocCurve(
  predictions: ClassificationPredictions,
  positive = DEFAULT_POSITIVE_CLASS,
  points = ROC_POINTS,
): RocCurveJson | undefined {
  const { proba, classes } = predictions;
  if (!proba || classes.length !== 2) return undefined;
  // The metrics' ranking of the positive class's scores (sorted once per model, classification.ts).
  const corners = rocPoints(classRankings(predictions, proba, "binary", positive)[0] as RankedScores);
  if (!corners) return undefined;
  const scale = 10 ** ROC_DECIMALS;
  const fpr = Array.from({ length: points }, (_, i) => i / (points - 1));
  const tpr = fpr.map((x) => Math.round(interpolate(x, corners.fpr, corners.tpr) * scale) / scale);
  return { fpr: fpr.map((x) => Math.round(x * scale) / scale), tpr };
}
