/**
 * Per-row losses of predicted probabilities. Kept per row so the bootstrap can re-weight rows
 * without recomputing logarithms.
 */

/**
 * scikit-learn 1.2.1 `log_loss(eps="auto")` clips with the machine epsilon of the probability
 * array's dtype. Our probabilities are Float64Array, hence float64's epsilon.
 */
export const LOG_LOSS_EPSILON = 2.220446049250313e-16;

/**
 * Log loss of each row as scikit-learn computes it: clip every probability to [eps, 1 - eps],
 * renormalise the row to sum 1, take -ln of the true class's share.
 */
export function logLossPerRow(yTrue: Int32Array, proba: Float64Array, k: number, eps = LOG_LOSS_EPSILON): Float64Array {
  const n = yTrue.length;
  const losses = new Float64Array(n);
  const high = 1 - eps;
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    let truth = 0;
    const t = yTrue[i] as number;
    for (let c = 0; c < k; c++) {
      const p = proba[i * k + c] as number;
      const clipped = p < eps ? eps : p > high ? high : p;
      rowSum += clipped;
      if (c === t) truth = clipped;
    }
    losses[i] = -Math.log(truth / rowSum);
  }
  return losses;
}

/**
 * Binary log loss from the positive class's column alone, as scikit-learn scores a 1-D array of
 * positive-class probabilities: clip p to [eps, 1 - eps], take -ln p for a positive row and
 * -ln(1 - p) for a negative one. A model whose rows do not sum to 1 (a tree ensemble exported with
 * its weights under the other class gives [0, p]) is scored on what it says about the positive class,
 * not on a renormalised row (which would be [0, 1] there).
 */
export function binaryLogLossPerRow(
  yTrue: Int32Array,
  proba: Float64Array,
  positive: number,
  eps = LOG_LOSS_EPSILON,
): Float64Array {
  const n = yTrue.length;
  const losses = new Float64Array(n);
  const high = 1 - eps;
  for (let i = 0; i < n; i++) {
    const p = proba[i * 2 + positive] as number;
    const clipped = p < eps ? eps : p > high ? high : p;
    const other = 1 - clipped;
    // scikit-learn renormalises [1 - p, p] too; the division keeps its rounding.
    losses[i] = -Math.log((yTrue[i] === positive ? clipped : other) / (other + clipped));
  }
  return losses;
}

/** Log loss per row for the task: the positive column for binary, the renormalised row for multiclass. */
export function taskLogLossPerRow(
  yTrue: Int32Array,
  proba: Float64Array,
  k: number,
  task: "binary" | "multiclass",
  positive: number,
  eps = LOG_LOSS_EPSILON,
): Float64Array {
  return task === "binary" && k === 2
    ? binaryLogLossPerRow(yTrue, proba, positive, eps)
    : logLossPerRow(yTrue, proba, k, eps);
}

/** Squared error of the positive-class probability: the Brier score's per-row term. */
export function brierPerRow(yTrue: Int32Array, proba: Float64Array, k: number, positive: number): Float64Array {
  const n = yTrue.length;
  const losses = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const outcome = yTrue[i] === positive ? 1 : 0;
    const diff = outcome - (proba[i * k + positive] as number);
    losses[i] = diff * diff;
  }
  return losses;
}
