/**
 * ROC AUC and average precision from one sort. `rankScores` sorts once and records where groups of
 * tied scores end; every later evaluation (the point estimate and each bootstrap replicate, with
 * integer row weights) is one linear pass over that order.
 *
 * - ROC AUC is the Mann-Whitney statistic: each (positive, negative) pair counts 1 when the positive
 *   scores higher and 1/2 when tied. That is exactly the trapezoid area under scikit-learn's ROC curve.
 * - Average precision is scikit-learn's step integral: sum over distinct thresholds, from the highest,
 *   of (gain in recall) x (precision at that threshold). Tied scores form one threshold.
 */
import { argsortFloat64 } from "./argsort.js";

export interface RankedScores {
  /** Row indices in ascending score order. */
  readonly order: Uint32Array;
  /** 1 at positions of `order` that end a group of equal scores. */
  readonly groupEnd: Uint8Array;
  /** 1 where the row at that position of `order` is a positive. */
  readonly positiveInOrder: Uint8Array;
  /**
   * True when `order` is the identity: the rows are stored in this ranking's order (the bootstrap
   * permutes its rows so), and a weight is read at the same position, without a random gather.
   */
  readonly identity?: boolean;
}

export function rankScores(scores: Float64Array, isPositive: Uint8Array): RankedScores {
  const order = argsortFloat64(scores);
  const n = order.length;
  const groupEnd = new Uint8Array(n);
  const positiveInOrder = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    const i = order[j] as number;
    positiveInOrder[j] = isPositive[i] as number;
    groupEnd[j] = j === n - 1 || scores[i] !== scores[order[j + 1] as number] ? 1 : 0;
  }
  return { order, groupEnd, positiveInOrder };
}

let gatherBuffer = new Uint8Array(0);

/**
 * The weight of each ranking position: all 1 without weights, the weights themselves when the rows
 * are stored in ranking order, else gathered through the order (one random-access pass).
 */
function weightsInRankOrder(ranked: RankedScores, weights: Uint8Array | undefined): Uint8Array {
  const n = ranked.order.length;
  if (!weights) return new Uint8Array(n).fill(1);
  if (ranked.identity) return weights;
  // Bootstrap replicates call this thousands of times: reuse one buffer rather than allocate a
  // million-byte array per call. Safe because callers consume it before the next call.
  if (gatherBuffer.length < n) gatherBuffer = new Uint8Array(n);
  const gathered = gatherBuffer.subarray(0, n);
  const order = ranked.order;
  for (let j = 0; j < n; j++) gathered[j] = weights[order[j] as number] as number;
  return gathered;
}

/** ROC AUC; null when the (weighted) rows hold only one class, as scikit-learn raises then. */
export function rocAuc(ranked: RankedScores, weights?: Uint8Array): number | null {
  const { groupEnd, positiveInOrder } = ranked;
  const w = weightsInRankOrder(ranked, weights);
  const n = groupEnd.length;
  let area = 0;
  let negativesBelow = 0;
  let positives = 0;
  let groupPositives = 0;
  let groupNegatives = 0;
  for (let j = 0; j < n; j++) {
    const weight = w[j] as number;
    const p = positiveInOrder[j] as number;
    groupPositives += weight * p;
    groupNegatives += weight - weight * p;
    if (groupEnd[j]) {
      area += groupPositives * (negativesBelow + 0.5 * groupNegatives);
      negativesBelow += groupNegatives;
      positives += groupPositives;
      groupPositives = 0;
      groupNegatives = 0;
    }
  }
  if (positives === 0 || negativesBelow === 0) return null;
  return area / positives / negativesBelow;
}

/**
 * Average precision. With no positive rows scikit-learn sets recall to 1 everywhere and returns 0
 * (with a warning); so does this.
 */
export function averagePrecision(ranked: RankedScores, weights?: Uint8Array): number | null {
  const { groupEnd, positiveInOrder } = ranked;
  const w = weightsInRankOrder(ranked, weights);
  const n = groupEnd.length;
  let totalPositives = 0;
  for (let j = 0; j < n; j++) totalPositives += (w[j] as number) * (positiveInOrder[j] as number);
  if (totalPositives === 0) return 0;
  let sum = 0;
  let truePositives = 0;
  let selected = 0;
  let groupPositives = 0;
  // From the highest score down; a group ends where the next lower position starts a new score.
  for (let j = n - 1; j >= 0; j--) {
    const weight = w[j] as number;
    groupPositives += weight * (positiveInOrder[j] as number);
    selected += weight;
    if (j === 0 || groupEnd[j - 1]) {
      truePositives += groupPositives;
      if (groupPositives > 0) sum += groupPositives * (truePositives / selected);
      groupPositives = 0;
    }
  }
  return sum / totalPositives;
}
