// L2-regularized logistic regression fit by full-batch gradient descent with Adam on the sparse
// encoding of lib/features.mjs. Full batch and a fixed iteration count make the fit deterministic:
// the same data and params give the same weights, byte for byte, on every machine.

export function sigmoid(z) {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Returns { weights: Float64Array(d), bias, loss } where loss is the final training log loss. */
export function fitLogistic(encoded, labels, d, params) {
  const { iterations, learningRate, l2 } = params;
  const { n, dense, active } = encoded;
  const w = new Float64Array(d);
  const positives = labels.reduce((s, y) => s + y, 0);
  // Start at the constant model (log-odds of the base rate) so every step improves on it.
  let b = Math.log(positives / (n - positives));
  const m = new Float64Array(d + 1);
  const v = new Float64Array(d + 1);
  const grad = new Float64Array(d + 1);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const eps = 1e-8;
  let loss = Number.NaN;
  for (let t = 1; t <= iterations; t++) {
    grad.fill(0);
    loss = 0;
    for (let i = 0; i < n; i++) {
      let z = b + w[0] * dense[i];
      for (let k = i * 3; k < i * 3 + 3; k++) if (active[k] >= 0) z += w[active[k]];
      const p = sigmoid(z);
      const y = labels[i];
      loss -= y * Math.log(Math.max(p, 1e-15)) + (1 - y) * Math.log(Math.max(1 - p, 1e-15));
      const r = p - y;
      grad[0] += r * dense[i];
      for (let k = i * 3; k < i * 3 + 3; k++) if (active[k] >= 0) grad[active[k]] += r;
      grad[d] += r;
    }
    loss /= n;
    for (let j = 0; j < d; j++) grad[j] = grad[j] / n + l2 * w[j];
    grad[d] /= n;
    for (let j = 0; j <= d; j++) {
      m[j] = beta1 * m[j] + (1 - beta1) * grad[j];
      v[j] = beta2 * v[j] + (1 - beta2) * grad[j] * grad[j];
      const step = (learningRate * (m[j] / (1 - beta1 ** t))) / (Math.sqrt(v[j] / (1 - beta2 ** t)) + eps);
      if (j < d) w[j] -= step;
      else b -= step;
    }
  }
  return { weights: w, bias: b, loss };
}

/** P(delayed) for every encoded row. */
export function predictLogistic(model, encoded) {
  const { n, dense, active } = encoded;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = model.bias + model.weights[0] * dense[i];
    for (let k = i * 3; k < i * 3 + 3; k++) if (active[k] >= 0) z += model.weights[active[k]];
    out[i] = sigmoid(z);
  }
  return out;
}
