/**
 * The bootstrap's fast path for the common case, two binary classifiers with probabilities: one
 * fused sequential pass per replicate computes, for both models at once, the weighted confusion
 * counts, the log-loss and Brier sums, and the head model's ROC AUC (rows are stored in the head
 * ranking's order, see paired-rows.ts); a second pass gathers weights in the baseline's ranking
 * order for its ROC AUC. Everything else would take a pass per metric and model.
 *
 * The results are identical to weightedMetrics' (a test checks it on random weights); this only
 * changes how many times the rows are read.
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
import type { PreparedClassifier } from "./weighted-metrics.js";

/** Row flags packed into one byte: the confusion counts become five integer sums. */
const IS_POSITIVE = 1;
const HEAD_PREDICTS_POSITIVE = 2;
const HEAD_TRUE_POSITIVE = 4;
const BASELINE_PREDICTS_POSITIVE = 8;
const BASELINE_TRUE_POSITIVE = 16;

interface ModelSums {
  predictedPositive: number;
  truePositive: number;
  logLoss: number;
  brier: number;
  rocAuc: number | null;
}

type FastClassifier = PreparedClassifier & {
  readonly logLoss: Float64Array;
  readonly brier: Float64Array;
  readonly rankings: readonly [RankedScores];
};

function isFast(model: PreparedClassifier): model is FastClassifier {
  return model.task === "binary" && model.logLoss !== null && model.brier !== null && model.rankings?.length === 1;
}

export class BinaryPairKernel {
  private readonly flags: Uint8Array;

  private constructor(
    private readonly head: FastClassifier,
    private readonly baseline: FastClassifier,
    private readonly wanted: ReadonlySet<MetricName>,
  ) {
    const n = head.cells.length;
    this.flags = new Uint8Array(n);
    const positive = head.positive;
    for (let i = 0; i < n; i++) {
      const truth = Math.floor((head.cells[i] as number) / 2);
      const headPrediction = (head.cells[i] as number) % 2;
      const baselinePrediction = (baseline.cells[i] as number) % 2;
      const isPositive = truth === positive;
      let f = isPositive ? IS_POSITIVE : 0;
      if (headPrediction === positive) f |= HEAD_PREDICTS_POSITIVE | (isPositive ? HEAD_TRUE_POSITIVE : 0);
      if (baselinePrediction === positive) f |= BASELINE_PREDICTS_POSITIVE | (isPositive ? BASELINE_TRUE_POSITIVE : 0);
      this.flags[i] = f;
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

  /** Metrics of both models under `weights` (indexed by stored row), summing to `total`. */
  evaluate(weights: Uint8Array, total: number): { head: MetricValues; baseline: MetricValues } {
    const flags = this.flags;
    const headLoss = this.head.logLoss;
    const baselineLoss = this.baseline.logLoss;
    const headBrier = this.head.brier;
    const baselineBrier = this.baseline.brier;
    const groupEnd = this.head.rankings[0].groupEnd;
    const n = flags.length;
    let positives = 0;
    let headPredicted = 0;
    let headTrue = 0;
    let baselinePredicted = 0;
    let baselineTrue = 0;
    let headLossSum = 0;
    let baselineLossSum = 0;
    let headBrierSum = 0;
    let baselineBrierSum = 0;
    let area = 0;
    let negativesBelow = 0;
    let groupPositives = 0;
    let groupNegatives = 0;
    for (let j = 0; j < n; j++) {
      const w = weights[j] as number;
      const f = flags[j] as number;
      const p = w * (f & IS_POSITIVE);
      positives += p;
      headPredicted += w * ((f >> 1) & 1);
      headTrue += w * ((f >> 2) & 1);
      baselinePredicted += w * ((f >> 3) & 1);
      baselineTrue += w * ((f >> 4) & 1);
      headLossSum += w * (headLoss[j] as number);
      baselineLossSum += w * (baselineLoss[j] as number);
      headBrierSum += w * (headBrier[j] as number);
      baselineBrierSum += w * (baselineBrier[j] as number);
      groupPositives += p;
      groupNegatives += w - p;
      if (groupEnd[j]) {
        area += groupPositives * (negativesBelow + 0.5 * groupNegatives);
        negativesBelow += groupNegatives;
        groupPositives = 0;
        groupNegatives = 0;
      }
    }
    const auc = positives === 0 || negativesBelow === 0 ? null : area / positives / negativesBelow;
    const head: ModelSums = {
      predictedPositive: headPredicted,
      truePositive: headTrue,
      logLoss: headLossSum,
      brier: headBrierSum,
      rocAuc: auc,
    };
    const baseline: ModelSums = {
      predictedPositive: baselinePredicted,
      truePositive: baselineTrue,
      logLoss: baselineLossSum,
      brier: baselineBrierSum,
      rocAuc: this.wanted.has("roc_auc") ? gatheredRocAuc(this.baseline.rankings[0], weights) : null,
    };
    return {
      head: this.metrics(this.head, head, positives, total, weights),
      baseline: this.metrics(this.baseline, baseline, positives, total, weights),
    };
  }

  private metrics(
    model: FastClassifier,
    sums: ModelSums,
    positives: number,
    total: number,
    weights: Uint8Array,
  ): MetricValues {
    const wanted = this.wanted;
    const values: MetricValues = {};
    const labels = labelMetrics(confusion(model.positive, sums, positives, total), model.positive);
    for (const [name, value] of Object.entries(labels) as [MetricName, number | null][]) {
      if (wanted.has(name)) values[name] = value;
    }
    if (wanted.has("roc_auc")) values.roc_auc = sums.rocAuc;
    if (wanted.has("average_precision")) values.average_precision = averagePrecision(model.rankings[0], weights);
    if (wanted.has("log_loss")) values.log_loss = total === 0 ? null : sums.logLoss / total;
    if (wanted.has("brier")) values.brier = total === 0 ? null : sums.brier / total;
    return values;
  }
}

function confusion(positive: number, sums: ModelSums, positives: number, total: number): ConfusionMatrix {
  const negative = 1 - positive;
  const counts = new Float64Array(4);
  const tp = sums.truePositive;
  counts[positive * 2 + positive] = tp;
  counts[positive * 2 + negative] = positives - tp;
  counts[negative * 2 + positive] = sums.predictedPositive - tp;
  counts[negative * 2 + negative] = total - positives - sums.predictedPositive + tp;
  return { k: 2, counts };
}

/** ROC AUC with weights indexed by stored row, read through the ranking's order. */
function gatheredRocAuc(ranked: RankedScores, weights: Uint8Array): number | null {
  const { order, groupEnd, positiveInOrder } = ranked;
  const n = order.length;
  let area = 0;
  let negativesBelow = 0;
  let positives = 0;
  let groupPositives = 0;
  let groupNegatives = 0;
  for (let j = 0; j < n; j++) {
    const w = weights[order[j] as number] as number;
    const p = w * (positiveInOrder[j] as number);
    groupPositives += p;
    groupNegatives += w - p;
    if (groupEnd[j]) {
      area += groupPositives * (negativesBelow + 0.5 * groupNegatives);
      negativesBelow += groupNegatives;
      positives += groupPositives;
      groupPositives = 0;
      groupNegatives = 0;
    }
  }
  return positives === 0 || negativesBelow === 0 ? null : area / positives / negativesBelow;
}
