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
