/**
 * Regression metrics as scikit-learn 1.2.1 computes them:
 * - r2: 1 - SS_res / SS_tot; with a constant target (SS_tot = 0) it is 1 for a perfect fit and 0
 *   otherwise (`force_finite=True`); undefined (null) with fewer than two rows.
 * - mape: mean of |y - p| / max(|y|, float64 eps), so a zero target gives a huge, finite term.
 * - median_ae: median of |y - p|, the mean of the two middle values for an even count.
 */
import { CompensatedSum } from "./compensated-sum.js";
import type { MetricValues } from "./names.js";
import { type RegressionPredictions, regressionInputErrors } from "./predictions.js";

/** `np.finfo(np.float64).eps`, the floor of |y| in scikit-learn's MAPE. */
export const MAPE_EPSILON = 2.220446049250313e-16;

/** R² from its sums, with scikit-learn's handling of a constant target. */
export function r2FromSums(residualSquares: number, totalSquares: number, rows: number): number | null {
  if (rows < 2) return null;
  if (totalSquares === 0) return residualSquares === 0 ? 1 : 0;
  return 1 - residualSquares / totalSquares;
}

/** Median of a sample (sorts a copy). */
export function median(values: Float64Array): number | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const middle = n >> 1;
  return n % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function regressionMetrics(p: RegressionPredictions): MetricValues {
  const errors = regressionInputErrors(p);
  if (errors.length > 0) throw new RangeError(errors.join("; "));
  const { yTrue, yPred } = p;
  const n = yTrue.length;
  if (n === 0) return { mae: null, mse: null, rmse: null, r2: null, mape: null, median_ae: null };
  const absolute = new CompensatedSum();
  const squared = new CompensatedSum();
  const percentage = new CompensatedSum();
  const targetSum = new CompensatedSum();
  const absoluteErrors = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const y = yTrue[i] as number;
    const e = Math.abs(y - (yPred[i] as number));
    absoluteErrors[i] = e;
    absolute.add(e);
    squared.add(e * e);
    percentage.add(e / Math.max(Math.abs(y), MAPE_EPSILON));
    targetSum.add(y);
  }
  const targetMean = targetSum.value / n;
  // A constant target has no variance, exactly; the computed mean of n copies of a value like 0.1
  // can be an ulp off and would leave rounding noise that turns R² into a huge negative number.
  const constant = yTrue.every((y) => y === yTrue[0]);
  const total = new CompensatedSum();
  for (let i = 0; i < n && !constant; i++) {
    const d = (yTrue[i] as number) - targetMean;
    total.add(d * d);
  }
  const mse = squared.value / n;
  return {
    mae: absolute.value / n,
    mse,
    rmse: Math.sqrt(mse),
    r2: r2FromSums(squared.value, total.value, n),
    mape: percentage.value / n,
    median_ae: median(absoluteErrors),
  };
}
