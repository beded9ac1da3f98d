/**
 * The label metrics of a binary classifier from its four weighted counts, written into a typed array
 * instead of a new object: the bootstrap computes them twice per segment per replicate (tens of
 * thousands of times), where label-metrics.ts would allocate a matrix, its totals and a record each
 * time. Same arithmetic in the same order as labelMetrics (scikit-learn 1.2.1's conventions), so
 * the values are identical to the last bit; a test checks it. NaN where labelMetrics gives null.
 */
import { LABEL_METRIC_NAMES, type MetricName } from "../metrics/names.js";

/** Slot of each label metric in the output array: LABEL_METRIC_NAMES' order. */
export const LABEL_SLOT: Readonly<Partial<Record<MetricName, number>>> = Object.fromEntries(
  LABEL_METRIC_NAMES.map((m, i) => [m, i]),
);
export const LABEL_SLOTS = LABEL_METRIC_NAMES.length;

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function fScore(precision: number, recall: number): number {
  const denominator = precision + recall;
  return denominator === 0 ? 0 : (2 * precision * recall) / denominator;
}

/**
 * `positives`: rows of the positive class; `predicted`: rows predicted positive; `truePositive`:
 * both; `total`: all rows (weighted counts). `positive` is the positive class's index (0 or 1).
 */
export function binaryLabelMetricsInto(
  positive: number,
  predicted: number,
  truePositive: number,
  positives: number,
  total: number,
  out: Float64Array,
  offset = 0,
): void {
  // Per class c (0, 1): rows truly c, predicted c, and both.
  const negativeTrue = total - positives;
  const negativePredicted = total - predicted;
  const negativeCorrect = total - positives - predicted + truePositive;
  const true0 = positive === 0 ? positives : negativeTrue;
  const true1 = positive === 0 ? negativeTrue : positives;
  const predicted0 = positive === 0 ? predicted : negativePredicted;
  const predicted1 = positive === 0 ? negativePredicted : predicted;
  const correct0 = positive === 0 ? truePositive : negativeCorrect;
  const correct1 = positive === 0 ? negativeCorrect : truePositive;
  const present0 = true0 > 0 || predicted0 > 0;
  const present1 = true1 > 0 || predicted1 > 0;
  const precision0 = ratio(correct0, predicted0);
  const precision1 = ratio(correct1, predicted1);
  const recall0 = ratio(correct0, true0);
  const recall1 = ratio(correct1, true1);
  const f0 = fScore(precision0, recall0);
  const f1 = fScore(precision1, recall1);

  let correct = 0;
  let presentCount = 0;
  let fSum = 0;
  let weightedF = 0;
  let support = 0;
  if (present0) {
    correct += correct0;
    presentCount++;
    fSum += f0;
    weightedF += true0 * f0;
    support += true0;
  }
  if (present1) {
    correct += correct1;
    presentCount++;
    fSum += f1;
    weightedF += true1 * f1;
    support += true1;
  }
  let recallSum = 0;
  let supported = 0;
  if (present0 && true0 > 0) {
    recallSum += recall0;
    supported++;
  }
  if (present1 && true1 > 0) {
    recallSum += recall1;
    supported++;
  }
  const micro = ratio(correct, total);
  out[offset] = total === 0 ? Number.NaN : correct / total; // accuracy
  out[offset + 1] = supported === 0 ? Number.NaN : recallSum / supported; // balanced_accuracy
  out[offset + 2] = positive === 0 ? precision0 : precision1; // precision
  out[offset + 3] = positive === 0 ? recall0 : recall1; // recall
  out[offset + 4] = positive === 0 ? f0 : f1; // f1
  out[offset + 5] = presentCount === 0 ? Number.NaN : fSum / presentCount; // f1_macro
  out[offset + 6] = fScore(micro, micro); // f1_micro
  out[offset + 7] = support === 0 ? 0 : weightedF / support; // f1_weighted
}
