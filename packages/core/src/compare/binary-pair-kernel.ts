/**
 * The bootstrap's fast path for the common case, two binary classifiers with probabilities.
 *
 * A replicate is one fused sequential pass over the rows (stored in the head ranking's order, see
 * paired-rows.ts) that draws the Poisson weights and accumulates, for both models at once, the
 * weighted confusion counts (five integer sums over packed row flags), the log-loss and Brier
 * differences, and the head model's ROC AUC; then one pass reads the weights in the baseline's
 * ranking order for its ROC AUC. The loss metrics are means, so their replicate difference is the
 * weighted mean of the per-row difference: one column instead of two halves the memory read, which
 * is what bounds a pass over a million rows.
 *
 * The replicate differences equal those of the per-metric path (weightedMetrics) to rounding; a test
 * checks it, and the golden bootstrap test runs through this path.
 */

import type { ConfusionMatrix } from "../metrics/confusion.js";
import { labelMetrics } from "../metrics/label-metrics.js";
import { LABEL_METRIC_NAMES, type MetricName, type MetricValues } from "../metrics/names.js";
import { averagePrecision, type RankedScores } from "../metrics/ranking.js";
import type { PairedRows } from "./paired-rows.js";
import { POISSON_ONE_TABLE } from "./poisson-weights.js";
import type { Xoshiro128 } from "./prng.js";
import type { PreparedClassifier } from "./weighted-metrics.js";

/** Row flags packed into one byte. */
const IS_POSITIVE = 1;
const HEAD_PREDICTS_POSITIVE = 2;
const HEAD_TRUE_POSITIVE = 4;
const BASELINE_PREDICTS_POSITIVE = 8;
const BASELINE_TRUE_POSITIVE = 16;
/** The row ends a group of tied head scores. */
const HEAD_GROUP_END = 32;
const LABEL_FLAGS = 31;

type FastClassifier = PreparedClassifier & {
  readonly logLoss: Float64Array;
  readonly brier: Float64Array;
  readonly rankings: readonly [RankedScores];
};

function isFast(model: PreparedClassifier): model is FastClassifier {
  return model.task === "binary" && model.logLoss !== null && model.brier !== null && model.rankings?.length === 1;
}

function differenceColumn(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) - (b[i] as number);
  return out;
}

export interface KernelReplicate {
  /** Σ weights. */
  readonly total: number;
  /** head - baseline per wanted metric; null where undefined on this replicate. */
  readonly deltas: MetricValues;
}

export class BinaryPairKernel {
  private readonly flags: Uint8Array;
  private readonly logLossDifference: Float64Array;
  private readonly brierDifference: Float64Array;
  /** Per position of the baseline ranking: bit 0 positive, bit 1 end of a tie group. */
  private readonly baselineFlags: Uint8Array;
  private readonly sums = new Float64Array(Sum.count);
  private readonly aucSums = new Float64Array(3);
  /** Four interleaved copies of a weighted count per value of the label flags (bits 0-4). */
  private readonly flagCounts = new Int32Array(4 * 32);

  private constructor(
    private readonly head: FastClassifier,
    private readonly baseline: FastClassifier,
    private readonly wanted: ReadonlySet<MetricName>,
  ) {
    const n = head.cells.length;
    const positive = head.positive;
    const headGroupEnd = head.rankings[0].groupEnd;
    this.flags = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const headCell = head.cells[i] as number;
      const isPositive = headCell >> 1 === positive;
      let f = isPositive ? IS_POSITIVE : 0;
      if ((headCell & 1) === positive) f |= HEAD_PREDICTS_POSITIVE | (isPositive ? HEAD_TRUE_POSITIVE : 0);
      if (((baseline.cells[i] as number) & 1) === positive) {
        f |= BASELINE_PREDICTS_POSITIVE | (isPositive ? BASELINE_TRUE_POSITIVE : 0);
      }
      if (headGroupEnd[i]) f |= HEAD_GROUP_END;
      this.flags[i] = f;
    }
    this.logLossDifference = differenceColumn(head.logLoss, baseline.logLoss);
    this.brierDifference = differenceColumn(head.brier, baseline.brier);
    const ranking = baseline.rankings[0];
    this.baselineFlags = new Uint8Array(n);
    for (let j = 0; j < n; j++) {
      this.baselineFlags[j] = (ranking.positiveInOrder[j] as number) | ((ranking.groupEnd[j] as number) << 1);
    }
  }

  /** The kernel for this pair, or null when the pair is not two binary classifiers with probabilities. */
  static forPair(pair: PairedRows, wanted: ReadonlySet<MetricName>): BinaryPairKernel | null {
    const { head, baseline } = pair;
    if (head.kind !== "classification" || baseline.kind !== "classification") return null;
    if (!isFast(head) || !isFast(baseline) || head.positive !== baseline.positive) return null;
    if (!head.rankings[0].identity) return null;
    return new BinaryPairKernel(head, baseline, wanted);
  }

  /**
   * One replicate. With `rng`, draws the Poisson weights into `weights` (indexed by stored row) as
   * it goes; without, reads the weights already there (tests replay an oracle's weights so).
   */
  replicate(weights: Uint8Array, rng: Xoshiro128 | null): KernelReplicate {
    const sums = this.sums;
    accumulate(this.flags, this.logLossDifference, this.brierDifference, weights, rng, sums, this.flagCounts);
    return this.finish(sums, weights);
  }

  private finish(sums: Float64Array, weights: Uint8Array): KernelReplicate {
    const total = sums[Sum.total] as number;
    const positives = sums[Sum.positives] as number;
    const positive = this.head.positive;
    const wanted = this.wanted;
    const deltas: MetricValues = {};
    const headLabels = labelMetrics(
      confusion(positive, sums[Sum.headPredicted] as number, sums[Sum.headTrue] as number, positives, total),
      positive,
    );
    const baselineLabels = labelMetrics(
      confusion(positive, sums[Sum.baselinePredicted] as number, sums[Sum.baselineTrue] as number, positives, total),
      positive,
    );
    for (const m of LABEL_METRIC_NAMES) if (wanted.has(m)) deltas[m] = difference(headLabels[m], baselineLabels[m]);
    if (wanted.has("roc_auc")) {
      const negatives = sums[Sum.negativesBelow] as number;
      const headAuc = positives === 0 || negatives === 0 ? null : (sums[Sum.area] as number) / positives / negatives;
      const auc = this.aucSums;
      gatheredRocAucSums(this.baseline.rankings[0].order, this.baselineFlags, weights, auc);
      const baselineAuc =
        auc[0] === 0 || auc[1] === 0 ? null : (auc[2] as number) / (auc[0] as number) / (auc[1] as number);
      deltas.roc_auc = difference(headAuc, baselineAuc);
    }
    if (wanted.has("average_precision")) {
      deltas.average_precision = difference(
        averagePrecision(this.head.rankings[0], weights),
        averagePrecision(this.baseline.rankings[0], weights),
      );
    }
    if (wanted.has("log_loss")) deltas.log_loss = total === 0 ? null : (sums[Sum.logLoss] as number) / total;
    if (wanted.has("brier")) deltas.brier = total === 0 ? null : (sums[Sum.brier] as number) / total;
    return { total, deltas };
  }
}

/** Slots of the sums one replicate accumulates (`accumulate` writes them in this order). */
const Sum = {
  total: 0,
  positives: 1,
  headPredicted: 2,
  headTrue: 3,
  baselinePredicted: 4,
  baselineTrue: 5,
  logLoss: 6,
  brier: 7,
  area: 8,
  negativesBelow: 9,
  count: 10,
} as const;

/**
 * The fused pass. Kept free of anything but arithmetic on typed arrays: V8 then compiles it once
 * and keeps it optimised (code after a hot loop that has not run yet makes it deoptimise).
 */
function accumulate(
  flags: Uint8Array,
  lossDifference: Float64Array,
  brierDifference: Float64Array,
  weights: Uint8Array,
  rng: Xoshiro128 | null,
  out: Float64Array,
  counts: Int32Array,
): void {
  {
    counts.fill(0);
    const table = POISSON_ONE_TABLE;
    const draw = rng !== null;
    const state = rng?.state;
    let s0 = (state ? (state[0] as number) : 0) | 0; // int32 from the start keeps V8 in integer arithmetic
    let s1 = (state ? (state[1] as number) : 0) | 0; // int32 from the start keeps V8 in integer arithmetic
    let s2 = (state ? (state[2] as number) : 0) | 0; // int32 from the start keeps V8 in integer arithmetic
    let s3 = (state ? (state[3] as number) : 0) | 0; // int32 from the start keeps V8 in integer arithmetic
    let random = 0;
    const n = flags.length;
    let total = 0;
    let positives = 0;
    let headPredicted = 0;
    let headTrue = 0;
    let baselinePredicted = 0;
    let baselineTrue = 0;
    let lossSum = 0;
    let brierSum = 0;
    let area = 0;
    let negativesBelow = 0;
    let groupPositives = 0;
    let groupNegatives = 0;
    for (let j = 0; j < n; j++) {
      let w: number;
      if (draw) {
        if ((j & 1) === 0) {
          // xoshiro128** inline (prng.ts); two 16-bit weights per output, as fillPoissonWeights.
          const x = Math.imul(s1, 5);
          random = Math.imul((x << 7) | (x >>> 25), 9);
          const t = s1 << 9;
          s2 ^= s0;
          s3 ^= s1;
          s1 ^= s2;
          s0 ^= s3;
          s2 ^= t;
          s3 = (s3 << 11) | (s3 >>> 21);
          w = table[random & 0xffff] as number;
        } else {
          w = table[random >>> 16] as number;
        }
        weights[j] = w;
      } else {
        w = weights[j] as number;
      }
      const f = flags[j] as number;
      const p = w * (f & IS_POSITIVE);
      // Weighted count per combination of the five label flags; four interleaved copies so that
      // consecutive rows with the same flags do not wait on each other's store.
      const slot = ((j & 3) << 5) | (f & LABEL_FLAGS);
      counts[slot] = (counts[slot] as number) + w;
      lossSum += w * (lossDifference[j] as number);
      brierSum += w * (brierDifference[j] as number);
      groupPositives += p;
      groupNegatives += w - p;
      if (f & HEAD_GROUP_END) {
        area += groupPositives * (negativesBelow + 0.5 * groupNegatives);
        negativesBelow += groupNegatives;
        groupPositives = 0;
        groupNegatives = 0;
      }
    }
    if (state) {
      state[0] = s0;
      state[1] = s1;
      state[2] = s2;
      state[3] = s3;
    }
    for (let slot = 0; slot < counts.length; slot++) {
      const c = counts[slot] as number;
      total += c;
      if (slot & IS_POSITIVE) positives += c;
      if (slot & HEAD_PREDICTS_POSITIVE) headPredicted += c;
      if (slot & HEAD_TRUE_POSITIVE) headTrue += c;
      if (slot & BASELINE_PREDICTS_POSITIVE) baselinePredicted += c;
      if (slot & BASELINE_TRUE_POSITIVE) baselineTrue += c;
    }
    out[0] = total;
    out[1] = positives;
    out[2] = headPredicted;
    out[3] = headTrue;
    out[4] = baselinePredicted;
    out[5] = baselineTrue;
    out[6] = lossSum;
    out[7] = brierSum;
    out[8] = area;
    out[9] = negativesBelow;
  }
}

function difference(a: number | null | undefined, b: number | null | undefined): number | null {
  return a === null || a === undefined || b === null || b === undefined ? null : a - b;
}

function confusion(
  positive: number,
  predicted: number,
  truePositive: number,
  positives: number,
  total: number,
): ConfusionMatrix {
  const negative = 1 - positive;
  const counts = new Float64Array(4);
  counts[positive * 2 + positive] = truePositive;
  counts[positive * 2 + negative] = positives - truePositive;
  counts[negative * 2 + positive] = predicted - truePositive;
  counts[negative * 2 + negative] = total - positives - predicted + truePositive;
  return { k: 2, counts };
}

/**
 * ROC AUC sums with weights indexed by stored row, read through the ranking's order:
 * out = [positives, negatives, area]; AUC = area / positives / negatives.
 */
function gatheredRocAucSums(order: Uint32Array, flags: Uint8Array, weights: Uint8Array, out: Float64Array): void {
  const n = order.length;
  let area = 0;
  let negativesBelow = 0;
  let positives = 0;
  let groupPositives = 0;
  let groupNegatives = 0;
  for (let j = 0; j < n; j++) {
    const w = weights[order[j] as number] as number;
    const f = flags[j] as number;
    const p = w * (f & 1);
    groupPositives += p;
    groupNegatives += w - p;
    if (f & 2) {
      area += groupPositives * (negativesBelow + 0.5 * groupNegatives);
      negativesBelow += groupNegatives;
      positives += groupPositives;
      groupPositives = 0;
      groupNegatives = 0;
    }
  }
  out[0] = positives;
  out[1] = negativesBelow;
  out[2] = area;
}
