/**
 * The standard normal distribution's tails, accurate to a few ulps far into them: bootstrap p-values
 * of a planted regression reach 1e-30, and a multiple-testing correction divides 0.05 by hundreds of
 * tests, so a p-value must keep its relative accuracy where 1 - Φ(z) has long rounded to 0.
 */

const SQRT_PI = Math.sqrt(Math.PI);

/** erf(x) by its Taylor series; used below 2, where the terms stay small (no cancellation). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= -x2 / n;
    const next = term / (2 * n + 1);
    sum += next;
    if (Math.abs(next) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / SQRT_PI) * sum;
}

/**
 * erfc(x) for x >= 2 by Laplace's continued fraction
 * erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), evaluated with
 * Lentz's method; at x >= 2 it converges to double precision in a few dozen terms.
 */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / SQRT_PI / f;
}

/** The complementary error function erfc(x) = 1 - erf(x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  return x < 2 ? 1 - erfSeries(x) : erfcContinuedFraction(x);
}

/** P(Z > z) for a standard normal Z (scipy.stats.norm.sf). */
export function normalSurvival(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** The z with P(Z <= z) = p, by bisection on normalSurvival (used for a handful of constants only). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`a normal quantile needs 0 < p < 1, got ${p}`);
  let low = -40;
  let high = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (1 - normalSurvival(mid) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
