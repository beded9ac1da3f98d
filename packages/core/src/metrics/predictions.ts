/**
 * What a model produced on the evaluation rows, in the typed-array shapes the metrics read.
 * Class labels are indices into `classes`; probabilities are row-major n x k.
 */
export interface ClassificationPredictions {
  /** Class names; index c of `yTrue`/`yPred`/probability columns means `classes[c]`. */
  readonly classes: readonly string[];
  readonly yTrue: Int32Array;
  readonly yPred: Int32Array;
  /** Row-major n x k class probabilities; absent when the model gives labels only. */
  readonly proba?: Float64Array;
  /**
   * `proba` holds uncalibrated scores (`--scores`): they rank rows (ROC AUC, average precision) but are
   * no probabilities, so log loss and Brier are not computed.
   */
  readonly scores?: boolean;
}

export interface RegressionPredictions {
  readonly yTrue: Float64Array;
  readonly yPred: Float64Array;
}

/** For binary tasks: the positive class is the second one, as scikit-learn's pos_label=1 on {0, 1}. */
export const DEFAULT_POSITIVE_CLASS = 1;

/** Predicted class of each row: the first class with the highest probability (NumPy's argmax). */
export function argmaxRows(proba: Float64Array, k: number): Int32Array {
  const n = Math.floor(proba.length / k);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestValue = proba[i * k] as number;
    for (let c = 1; c < k; c++) {
      const v = proba[i * k + c] as number;
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    labels[i] = best;
  }
  return labels;
}

/** Two-column probabilities [1 - s, s] from one positive-class score per row. */
export function probaFromPositiveScore(scores: Float64Array): Float64Array {
  const proba = new Float64Array(scores.length * 2);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    proba[2 * i] = 1 - s;
    proba[2 * i + 1] = s;
  }
  return proba;
}

/** Why these predictions cannot be scored, or an empty list. */
export function classificationInputErrors(p: ClassificationPredictions): string[] {
  const errors: string[] = [];
  const k = p.classes.length;
  const n = p.yTrue.length;
  if (k < 2) errors.push(`a classifier needs at least 2 classes, got ${k}`);
  if (p.yPred.length !== n) errors.push(`${n} true labels but ${p.yPred.length} predicted labels`);
  if (p.proba && p.proba.length !== n * k) {
    errors.push(`probabilities hold ${p.proba.length} values, expected ${n} rows x ${k} classes = ${n * k}`);
  }
  for (const [name, labels] of [
    ["true", p.yTrue],
    ["predicted", p.yPred],
  ] as const) {
    const bad = firstOutside(labels, k);
    if (bad >= 0) errors.push(`${name} label of row ${bad + 1} is class index ${labels[bad]}, outside 0..${k - 1}`);
  }
  if (p.proba) {
    const bad = firstNotFinite(p.proba);
    if (bad >= 0) errors.push(`probability of row ${Math.floor(bad / k) + 1} is ${p.proba[bad]}`);
  }
  return errors;
}

// Plain loops: a typed array's findIndex calls its callback per element, 0.15 s over 3M rows' checks.

/** Index of the first class code outside 0..k-1, or -1. */
function firstOutside(codes: Int32Array, k: number): number {
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    if (c < 0 || c >= k) return i;
  }
  return -1;
}

/** Index of the first NaN or infinite value, or -1. */
function firstNotFinite(values: Float64Array): number {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    // v - v is 0 for every finite v and NaN for NaN and the infinities.
    if (v - v !== 0) return i;
  }
  return -1;
}

export function regressionInputErrors(p: RegressionPredictions): string[] {
  const errors: string[] = [];
  if (p.yPred.length !== p.yTrue.length) {
    errors.push(`${p.yTrue.length} true values but ${p.yPred.length} predictions`);
  }
  for (const [name, values] of [
    ["true value", p.yTrue],
    ["prediction", p.yPred],
  ] as const) {
    const bad = firstNotFinite(values);
    if (bad >= 0) errors.push(`${name} of row ${bad + 1} is ${values[bad]}`);
  }
  return errors;
}
