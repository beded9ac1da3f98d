/**
 * Poisson(1) bootstrap weights.
 *
 * The classic bootstrap draws n rows with replacement: row i appears w_i times, (w_1..w_n) multinomial.
 * The Poisson bootstrap draws each w_i independently from Poisson(1) instead. For large n the two are
 * equivalent (the multinomial counts are asymptotically independent Poisson(1)), and independence is
 * what makes it fast: weights are generated in one streaming pass with no index sampling, every
 * metric becomes a weighted sum over rows already in place (no copy of the resample), and the same
 * weight vector is applied to the head and the baseline model, which is what makes the comparison
 * paired. A replicate's metric equals the metric of the data set in which row i is repeated w_i times.
 *
 * Each weight uses 16 random bits: a 65536-entry table maps them to the Poisson(1) quantile, so each
 * call of the generator yields two weights. The probabilities are therefore quantised to 1/65536
 * (the largest weight is 8; P(w >= 9) = 1.1e-6 is folded into 8), which changes the variance of
 * the weights by less than 1e-4 relative.
 */
import type { Xoshiro128 } from "./prng.js";

const TABLE_BITS = 16;
const TABLE_SIZE = 1 << TABLE_BITS;

function poissonOneQuantileTable(): Uint8Array {
  const table = new Uint8Array(TABLE_SIZE);
  let k = 0;
  let probability = Math.exp(-1); // P(0)
  let cumulative = probability;
  for (let u = 0; u < TABLE_SIZE; u++) {
    const quantile = (u + 0.5) / TABLE_SIZE;
    while (quantile > cumulative && k < 255) {
      k++;
      probability /= k;
      cumulative += probability;
    }
    table[u] = k;
  }
  return table;
}

export const POISSON_ONE_TABLE: Uint8Array = poissonOneQuantileTable();

/** Fills `weights` with Poisson(1) draws and returns their sum. Advances the generator. */
export function fillPoissonWeights(rng: Xoshiro128, weights: Uint8Array): number {
  const table = POISSON_ONE_TABLE;
  const state = rng.state;
  let s0 = (state[0] as number) | 0;
  let s1 = (state[1] as number) | 0;
  let s2 = (state[2] as number) | 0;
  let s3 = (state[3] as number) | 0;
  const n = weights.length;
  let total = 0;
  for (let i = 0; i < n; i += 2) {
    // xoshiro128** inline (see prng.ts): two weights from one 32-bit output.
    const x = Math.imul(s1, 5);
    const r = Math.imul((x << 7) | (x >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const a = table[r & 0xffff] as number;
    weights[i] = a;
    total += a;
    if (i + 1 < n) {
      const b = table[r >>> 16] as number;
      weights[i + 1] = b;
      total += b;
    }
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
  return total;
}
