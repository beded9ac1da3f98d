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
import {
  averagePrecision,
  type ConfusionMatrix,
  labelMetrics,
  type MetricName,
  type MetricValues,
  type RankedScores,
} from "../metrics/index.js";
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

const LABEL_METRICS: readonly MetricName[] = [
  "accuracy",
  "balanced_accuracy",
  "precision",
  "recall",
  "f1",
  "f1_macro",
  "f1_micro",
  "f1_weighted",
];

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
    const flags = this.flags;
    const lossDifference = this.logLossDifference;
    const brierDifference = this.brierDifference;
    const table = POISSON_ONE_TABLE;
    const draw = rng !== null;
    const state = rng?.state;
    let s0 = state ? (state[0] as number) : 0;
    let s1 = state ? (state[1] as number) : 0;
    let s2 = state ? (state[2] as number) : 0;
    let s3 = state ? (state[3] as number) : 0;
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
      total += w;
      positives += p;
      headPredicted += w * ((f >> 1) & 1);
      headTrue += w * ((f >> 2) & 1);
      baselinePredicted += w * ((f >> 3) & 1);
      baselineTrue += w * ((f >> 4) & 1);
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
    const wanted = this.wanted;
    const deltas: MetricValues = {};
    const headLabels = labelMetrics(
      confusion(this.head.positive, headPredicted, headTrue, positives, total),
      this.head.positive,
    );
    const baselineLabels = labelMetrics(
      confusion(this.head.positive, baselinePredicted, baselineTrue, positives, total),
      this.head.positive,
    );
    for (const m of LABEL_METRICS) if (wanted.has(m)) deltas[m] = difference(headLabels[m], baselineLabels[m]);
    if (wanted.has("roc_auc")) {
      const headAuc = positives === 0 || negativesBelow === 0 ? null : area / positives / negativesBelow;
      deltas.roc_auc = difference(
        headAuc,
        gatheredRocAuc(this.baseline.rankings[0].order, this.baselineFlags, weights),
      );
    }
    if (wanted.has("average_precision")) {
      deltas.average_precision = difference(
        averagePrecision(this.head.rankings[0], weights),
        averagePrecision(this.baseline.rankings[0], weights),
      );
    }
    if (wanted.has("log_loss")) deltas.log_loss = total === 0 ? null : lossSum / total;
    if (wanted.has("brier")) deltas.brier = total === 0 ? null : brierSum / total;
    return { total, deltas };
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

/** ROC AUC with weights indexed by stored row, read through the ranking's order. */
function gatheredRocAuc(order: Uint32Array, flags: Uint8Array, weights: Uint8Array): number | null {
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
  return positives === 0 || negativesBelow === 0 ? null : area / positives / negativesBelow;
}
