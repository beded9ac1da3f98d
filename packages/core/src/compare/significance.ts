/**
 * Significance from a paired bootstrap's replicate differences.
 *
 * The percentile interval (bootstrap.ts) says whether one difference is significant at 95%. Ranking
 * hundreds of differences for a multiple-testing correction needs p-values, and counting replicates
 * beyond 0 cannot give one below 1/(resamples + 1): with 1000 resamples and 300 tests, no difference
 * could ever pass Benjamini-Hochberg's first step (0.05 / 300). So the p-value is a t-test on the
 * bootstrap's standard error: t = delta / se, se the replicates' standard deviation.
 *
 * Why Student's t and not the normal: se is itself estimated, and on a small segment it is noisy. The
 * normal p-value treated it as exact and was anti-conservative where slices are small: on 50-row
 * segments of two equal models (2,000 pairs, 12 metrics), 5.8% of p-values fell below 0.05, 1.4%
 * below 0.01 and 0.20% below 0.001, twice the nominal rate in the region a correction over 300 tests
 * works in. The statistic is
 *
 *   t = delta / (se * sqrt(n / (n - 1))),  df = 1 / (1 / (n - 1) + 1 / (B - 1))
 *
 * for n rows and B finite replicates. The degrees of freedom add the two sources of error in se: the
 * rows (n - 1, as a paired t-test) and the resamples' Monte Carlo noise (B - 1; the relative variance
 * of an estimated variance is about 2 / df for each). The factor n / (n - 1) is the bootstrap's
 * plug-in variance made unbiased; for a plain mean the Poisson bootstrap is already close to unbiased,
 * so there it makes p a little conservative (5% on 20 rows, test/golden-significance.test.ts), but
 * the ratio metrics (precision, recall, F1, AUC), whose effective sample is a part of the rows, need
 * it. Measured on the same pairs: 4.9% below 0.05, 0.99% below 0.01, 0.10% below 0.001 (without the
 * factor 5.1%, 1.06%, 0.11%); at 120 rows and 200 resamples 4.8%, 1.03%, 0.13%. With thousands of
 * rows and 1000 resamples it is close to the normal p-value: 0.6% larger at 0.05, 4% at 0.001, 18% at 1e-6.
 */
import { studentTSurvival } from "./student-t.js";

/** Sample standard deviation (n - 1) of the finite values; null with fewer than two. */
export function standardDeviation(values: Float64Array): number | null {
  let n = 0;
  let mean = 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    n++;
    const step = v - mean;
    mean += step / n;
    squares += step * (v - mean); // Welford: no cancellation for differences of 1e-4 around 0.8
  }
  return n < 2 ? null : Math.sqrt(squares / (n - 1));
}

/** Standard error and p-value of a difference (see the top of this file); null where undefined. */
export interface BootstrapSignificance {
  readonly stdError: number | null;
  readonly pValue: number | null;
}

/**
 * The significance of `delta` (head - baseline on `rows` rows) from its bootstrap replicate
 * differences (NaN where the metric was undefined on a replicate).
 */
export function bootstrapSignificance(
  delta: number | null,
  replicates: Float64Array,
  rows: number,
): BootstrapSignificance {
  if (delta === null) return { stdError: null, pValue: null };
  const stdError = standardDeviation(replicates);
  if (stdError === null) return { stdError, pValue: null };
  let finite = 0;
  for (let i = 0; i < replicates.length; i++) if (!Number.isNaN(replicates[i] as number)) finite++;
  return { stdError, pValue: bootstrapPValue(delta, stdError, rows, finite) };
}

/**
 * Two-sided p-value of a difference against 0 from its bootstrap standard error, `rows` rows and
 * `resamples` finite replicates (at least 2 each, else null). A difference with no spread at all
 * (every replicate the same) is certain: p is 0, or 1 when the difference is 0.
 */
export function bootstrapPValue(delta: number, stdError: number, rows: number, resamples: number): number | null {
  if (stdError === 0) return delta === 0 ? 1 : 0;
  if (rows < 2 || resamples < 2) return null;
  const se = stdError * Math.sqrt(rows / (rows - 1));
  const df = 1 / (1 / (rows - 1) + 1 / (resamples - 1));
  return Math.min(1, 2 * studentTSurvival(Math.abs(delta) / se, df));
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
