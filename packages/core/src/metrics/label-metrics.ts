/**
 * Metrics of predicted labels, computed from a (possibly weighted) confusion matrix so that point
 * estimates and bootstrap replicates share one implementation. Conventions follow scikit-learn 1.2.1:
 * - averages run over the classes present in y_true or y_pred (`unique_labels`), not over every
 *   class the model knows;
 * - a ratio whose denominator is 0 is 0 (`zero_division="warn"` returns 0);
 * - F1 is 2PR/(P+R), and 0 when P+R is 0.
 */
import { type ConfusionMatrix, classTotals } from "./confusion.js";
import type { MetricValues } from "./names.js";

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function fScore(precision: number, recall: number): number {
  const denominator = precision + recall;
  return denominator === 0 ? 0 : (2 * precision * recall) / denominator;
}

/** Plain mean of a list, as NumPy's `np.average` without weights. */
function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Label metrics for a binary task (`positive` = index of the positive class) or a multiclass task
 * (`positive` undefined: precision, recall and f1 are not reported).
 */
export function labelMetrics(matrix: ConfusionMatrix, positive?: number): MetricValues {
  const { truePerClass, predictedPerClass, correctPerClass, total } = classTotals(matrix);
  const present: number[] = [];
  for (let c = 0; c < matrix.k; c++) {
    if ((truePerClass[c] as number) > 0 || (predictedPerClass[c] as number) > 0) present.push(c);
  }
  const precisionOf = (c: number) => ratio(correctPerClass[c] as number, predictedPerClass[c] as number);
  const recallOf = (c: number) => ratio(correctPerClass[c] as number, truePerClass[c] as number);
  const fOf = (c: number) => fScore(precisionOf(c), recallOf(c));

  let correct = 0;
  for (const c of present) correct += correctPerClass[c] as number;

  // Balanced accuracy drops classes without true rows (scikit-learn: nan recall, filtered out).
  const supported = present.filter((c) => (truePerClass[c] as number) > 0);
  const microPrecision = ratio(correct, total);

  let weightedF = 0;
  let support = 0;
  for (const c of present) {
    weightedF += (truePerClass[c] as number) * fOf(c);
    support += truePerClass[c] as number;
  }

  const values: MetricValues = {
    accuracy: total === 0 ? null : correct / total,
    balanced_accuracy: mean(supported.map(recallOf)),
  };
  if (positive !== undefined) {
    values.precision = precisionOf(positive);
    values.recall = recallOf(positive);
    values.f1 = fOf(positive);
  }
  values.f1_macro = mean(present.map(fOf));
  values.f1_micro = fScore(microPrecision, microPrecision);
  values.f1_weighted = support === 0 ? 0 : weightedF / support;
  return values;
}
