/**
 * Significance from a paired bootstrap's replicate differences.
 *
 * The percentile interval (bootstrap.ts) says whether one difference is significant at 95%. Ranking
 * hundreds of differences for a multiple-testing correction needs p-values, and counting replicates
 * beyond 0 cannot give one below 1/(resamples + 1): with 1000 resamples and 300 tests, no difference
 * could ever pass Benjamini-Hochberg's first step (0.05 / 300). The p-value here is the normal
 * approximation the bootstrap's standard error gives, z = delta / se: metric differences on a few
 * hundred rows and more are close to normal, and the interval and the p-value then agree.
 */
import { normalSurvival } from "./normal.js";

/** Sample standard deviation (n - 1) of the finite values; null with fewer than two. */
export function standardDeviation(values: Float64Array): number | null {
  let n = 0;
  let mean = 0;
  let squares = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    n++;
    const step = v - mean;
    mean += step / n;
    squares += step * (v - mean); // Welford: no cancellation for differences of 1e-4 around 0.8
  }
  return n < 2 ? null : Math.sqrt(squares / (n - 1));
}

/**
 * Two-sided p-value of a difference against 0 given its standard error. A difference with no spread
 * at all (every replicate the same) is certain: p is 0, or 1 when the difference is 0.
 */
export function bootstrapPValue(delta: number, stdError: number): number {
  if (stdError === 0) return delta === 0 ? 1 : 0;
  return Math.min(1, 2 * normalSurvival(Math.abs(delta) / stdError));
}

/**
 * The smallest change in the worse direction that this evaluation would call significant: the
 * bootstrap distribution, shifted so the change is its centre, must leave 0 outside its interval.
 * For a higher-is-better metric a drop d is significant when d > ci_high - delta; for a lower-is-better
 * one a rise d when d > delta - ci_low. Null when there is no interval.
 */
export function detectableChange(
  delta: number | null,
  ciLow: number | null,
  ciHigh: number | null,
  direction: "higher" | "lower",
): number | null {
  if (delta === null || ciLow === null || ciHigh === null) return null;
  return Math.max(0, direction === "higher" ? ciHigh - delta : delta - ciLow);
}
