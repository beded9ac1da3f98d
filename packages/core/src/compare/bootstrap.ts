/**
 * Paired bootstrap of metric differences between a head model and a baseline model scored on the
 * same rows. Each replicate draws one Poisson(1) weight per row (poisson-weights.ts) and evaluates
 * both models under the same weights, so row-level difficulty cancels out of the difference; the
 * interval is the percentile interval of the replicate differences. A difference is significant when
 * its interval excludes 0.
 */
import { type Direction, type MetricName, type MetricValues, metricDirection } from "../metrics/names.js";
import { BinarySegmentKernel } from "./binary-segment-kernel.js";
import { type PairedRows, pairRows } from "./paired-rows.js";
import { percentileInterval } from "./percentile.js";
import { fillPoissonWeights } from "./poisson-weights.js";
import { Xoshiro128 } from "./prng.js";
import { RegressionPairKernel } from "./regression-pair-kernel.js";
import { bootstrapSignificance, detectableChange } from "./significance.js";
import { type PreparedPredictions, preparedRows, weightedMetrics } from "./weighted-metrics.js";

/** 1000 replicates put the 2.5th and 97.5th percentiles 25 order statistics from the ends. */
export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_CONFIDENCE = 0.95;
/** Any fixed number works; fixed so that two runs on the same predictions print the same interval. */
export const DEFAULT_SEED = 20260101;

export type Verdict = "better" | "worse" | "same";

export interface MetricDelta {
  readonly head: number | null;
  readonly baseline: number | null;
  /** head - baseline. */
  readonly delta: number | null;
  readonly ci_low: number | null;
  readonly ci_high: number | null;
  readonly significant: boolean;
  readonly direction: Direction;
  readonly verdict: Verdict;
  /** Standard deviation of the replicate differences: the difference's standard error. */
  readonly std_error: number | null;
  /**
   * Two-sided p-value of "no difference": a t-test on the bootstrap's standard error with a
   * small-sample correction (significance.ts); what the slices' false-discovery-rate control ranks.
   */
  readonly p_value: number | null;
  /**
   * The smallest change in the worse direction this evaluation would call significant (from the
   * bootstrap spread at this size): a smaller regression cannot be detected on these rows.
   */
  readonly detectable_change: number | null;
}

export interface Comparison {
  readonly method: "paired-bootstrap";
  readonly resamples: number;
  readonly seed: number;
  readonly confidence: number;
  readonly deltas: Partial<Record<MetricName, MetricDelta>>;
}

export interface BootstrapOptions {
  readonly metrics: readonly MetricName[];
  readonly resamples?: number;
  readonly seed?: number;
  readonly confidence?: number;
  /**
   * Replaces the Poisson draw (tests use it to replay weights an oracle also used): fills `weights`,
   * indexed by input row, for `replicate` and returns their sum.
   */
  readonly drawWeights?: (replicate: number, weights: Uint8Array) => number;
  /**
   * Index of the first replicate (default 0). Replicate r always uses generator stream r, so workers
   * computing resamples [0, 500) and [500, 1000) together give exactly the single run's replicates.
   */
  readonly firstResample?: number;
  /** Called after each replicate with the number done (progress of a long bootstrap). */
  readonly onReplicate?: (done: number) => void;
  /** Skip the fused fast paths (binary-segment- and regression-pair-kernel.ts); for tests and the benchmark's comparison. */
  readonly generic?: boolean;
}

/** better / worse when the interval excludes 0, in the direction the metric improves. */
export function verdictOf(delta: number | null, significant: boolean, direction: Direction): Verdict {
  if (!significant || delta === null || delta === 0) return "same";
  return delta > 0 === (direction === "higher") ? "better" : "worse";
}

function difference(head: number | null | undefined, baseline: number | null | undefined): number | null {
  return head === null || head === undefined || baseline === null || baseline === undefined ? null : head - baseline;
}

/** The replicate differences (NaN where a metric is undefined on the replicate), metric by metric. */
export function bootstrapReplicates(
  head: PreparedPredictions,
  baseline: PreparedPredictions,
  options: BootstrapOptions,
): Map<MetricName, Float64Array> {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_SEED;
  const wanted = new Set(options.metrics);
  const pair = pairRows(head, baseline);
  const binary = options.generic ? null : BinarySegmentKernel.forPair(pair, [...wanted]);
  if (binary) return binaryReplicates(binary, pair, [...wanted], { ...options, resamples, seed });
  const kernel = options.generic ? null : RegressionPairKernel.forPair(pair, wanted);
  const replicates = new Map<MetricName, Float64Array>();
  for (const m of options.metrics) replicates.set(m, new Float64Array(resamples));
  const weights = new Uint8Array(pair.rows);
  const inputWeights = options.drawWeights ? new Uint8Array(pair.rows) : null;
  for (let r = 0; r < resamples; r++) {
    let total = 0;
    if (options.drawWeights && inputWeights) {
      total = options.drawWeights(r, inputWeights);
      const order = pair.order;
      if (order) for (let j = 0; j < pair.rows; j++) weights[j] = inputWeights[order[j] as number] as number;
      else weights.set(inputWeights);
    }
    const rng = options.drawWeights ? null : new Xoshiro128(seed, (options.firstResample ?? 0) + r);
    let deltas: MetricValues;
    if (kernel) {
      deltas = kernel.replicate(weights, rng).deltas;
    } else {
      if (rng) total = fillPoissonWeights(rng, weights);
      const h = weightedMetrics(pair.head, weights, total, wanted);
      const b = weightedMetrics(pair.baseline, weights, total, wanted);
      deltas = {};
      for (const m of wanted) deltas[m] = difference(h[m], b[m]);
    }
    for (const [m, values] of replicates) values[r] = deltas[m] ?? Number.NaN;
    options.onReplicate?.(r + 1);
  }
  return replicates;
}

/** The overall replicates (group 0) of the binary kernel, replaying `drawWeights` when given. */
function binaryReplicates(
  kernel: BinarySegmentKernel,
  pair: PairedRows,
  metrics: readonly MetricName[],
  options: BootstrapOptions & { readonly resamples: number; readonly seed: number },
): Map<MetricName, Float64Array> {
  const { resamples, drawWeights } = options;
  const out = new Float64Array(kernel.groups * metrics.length * resamples);
  if (drawWeights) {
    const input = new Uint8Array(pair.rows);
    const stored = kernel.storedWeights;
    for (let r = 0; r < resamples; r++) {
      drawWeights(r, input);
      const order = pair.order;
      if (order) for (let j = 0; j < pair.rows; j++) stored[j] = input[order[j] as number] as number;
      else stored.set(input);
      kernel.replicate(null, out, r, resamples);
      options.onReplicate?.(r + 1);
    }
  } else {
    kernel.run(options.seed, options.firstResample ?? 0, resamples, out, options.onReplicate);
  }
  return new Map(metrics.map((m, i) => [m, out.subarray(i * resamples, (i + 1) * resamples)]));
}

/** Point deltas plus paired-bootstrap intervals for each metric in `options.metrics`. */
export function pairedBootstrap(
  head: PreparedPredictions,
  baseline: PreparedPredictions,
  options: BootstrapOptions,
): Comparison {
  const settings = bootstrapSettings(options);
  const replicates = bootstrapReplicates(head, baseline, { ...options, ...settings });
  return comparisonOf(head, baseline, replicates, settings);
}

export interface BootstrapSettings {
  readonly resamples: number;
  readonly seed: number;
  readonly confidence: number;
}

/** The options' resamples, seed and confidence with their defaults, checked. */
export function bootstrapSettings(options: Omit<BootstrapOptions, "metrics">): BootstrapSettings {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be between 0 and 1, got ${confidence}`);
  return { resamples, seed, confidence };
}

/**
 * The comparison of two prepared models (every row once) given the replicate differences of each
 * metric, however they were computed (here, by the slice kernel, or by worker threads).
 */
export function comparisonOf(
  head: PreparedPredictions,
  baseline: PreparedPredictions,
  replicates: ReadonlyMap<MetricName, Float64Array>,
  settings: BootstrapSettings,
): Comparison {
  const wanted = new Set(replicates.keys());
  const rows = preparedRows(head);
  const headPoint = weightedMetrics(head, null, rows, wanted);
  const baselinePoint = weightedMetrics(baseline, null, rows, wanted);
  const deltas: Partial<Record<MetricName, MetricDelta>> = {};
  for (const [metric, values] of replicates) {
    if (!(metric in headPoint) && !(metric in baselinePoint)) continue; // not applicable to these models
    deltas[metric] = summarise(metric, headPoint, baselinePoint, values, settings.confidence, rows);
  }
  const { resamples, seed, confidence } = settings;
  return { method: "paired-bootstrap", resamples, seed, confidence, deltas };
}

/**
 * One metric's delta from the point values of both models and the replicate differences: the
 * percentile interval, its verdict, the standard error, the p-value and the detectable change.
 */
export function summarise(
  metric: MetricName,
  head: MetricValues,
  baseline: MetricValues,
  replicates: Float64Array,
  confidence: number,
  rows: number,
): MetricDelta {
  const direction = metricDirection(metric);
  const delta = difference(head[metric], baseline[metric]);
  const interval = delta === null ? null : percentileInterval(replicates, confidence);
  const significant = interval !== null && (interval.low > 0 || interval.high < 0);
  const { stdError, pValue } = bootstrapSignificance(delta, replicates, rows);
  return {
    head: head[metric] ?? null,
    baseline: baseline[metric] ?? null,
    delta,
    ci_low: interval?.low ?? null,
    ci_high: interval?.high ?? null,
    significant,
    direction,
    verdict: verdictOf(delta, significant, direction),
    std_error: stdError,
    p_value: pValue,
    detectable_change: detectableChange(delta, interval?.low ?? null, interval?.high ?? null, direction),
  };
}
