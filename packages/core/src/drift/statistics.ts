import { createRequire } from "node:module";
import type gammainc from "@stdlib/math-base-special-gammainc";

/**
 * Two-sample drift statistics on aligned distributions. Every function takes plain numbers (counts
 * per bin, or weighted points) so it can be checked against scipy on exact inputs; the profile layer
 * (sketch-distributions.ts) turns two profiles into such inputs.
 */

/** Empty bins get this proportion in PSI (the value Evidently fills in) so that ln(q/p) stays finite. */
export const PSI_EMPTY_BIN_SHARE = 0.0001;

function proportions(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, c) => sum + c, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
}

/** Population stability index: sum over bins of (q - p) ln(q / p), p reference, q current shares. */
export function populationStabilityIndex(reference: readonly number[], current: readonly number[]): number {
  const p = proportions(reference);
  const q = proportions(current);
  let psi = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = (p[i] as number) > 0 ? (p[i] as number) : PSI_EMPTY_BIN_SHARE;
    const qi = (q[i] as number) > 0 ? (q[i] as number) : PSI_EMPTY_BIN_SHARE;
    psi += (qi - pi) * Math.log(qi / pi);
  }
  return psi;
}

/**
 * Jensen-Shannon distance (the square root of the divergence) with the natural logarithm, as scipy's
 * `scipy.spatial.distance.jensenshannon` by default and Evidently: it lies in [0, sqrt(ln 2) ~ 0.833].
 */
export function jensenShannonDistance(reference: readonly number[], current: readonly number[]): number {
  const p = proportions(reference);
  const q = proportions(current);
  let divergence = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    const qi = q[i] as number;
    const mi = (pi + qi) / 2;
    if (pi > 0) divergence += 0.5 * pi * Math.log(pi / mi);
    if (qi > 0) divergence += 0.5 * qi * Math.log(qi / mi);
  }
  return Math.sqrt(Math.max(divergence, 0));
}

/** A distribution on the line: points in increasing order with their weights (counts). */
export interface WeightedPoints {
  values: readonly number[];
  weights: readonly number[];
}

/** Walks the union of both supports in increasing order, yielding both CDFs after each point. */
function* jointCdf(a: WeightedPoints, b: WeightedPoints): Generator<{ value: number; fa: number; fb: number }> {
  const totalA = a.weights.reduce((s, w) => s + w, 0);
  const totalB = b.weights.reduce((s, w) => s + w, 0);
  let i = 0;
  let j = 0;
  let ca = 0;
  let cb = 0;
  while (i < a.values.length || j < b.values.length) {
    const va = i < a.values.length ? (a.values[i] as number) : Number.POSITIVE_INFINITY;
    const vb = j < b.values.length ? (b.values[j] as number) : Number.POSITIVE_INFINITY;
    const value = Math.min(va, vb);
    while (i < a.values.length && a.values[i] === value) ca += a.weights[i++] as number;
    while (j < b.values.length && b.values[j] === value) cb += b.weights[j++] as number;
    yield { value, fa: ca / totalA, fb: cb / totalB };
  }
}

/** First Wasserstein distance: the area between the two CDFs (scipy.stats.wasserstein_distance). */
export function wassersteinDistance(a: WeightedPoints, b: WeightedPoints): number {
  let area = 0;
  let previous: { value: number; fa: number; fb: number } | undefined;
  for (const point of jointCdf(a, b)) {
    if (previous) area += Math.abs(previous.fa - previous.fb) * (point.value - previous.value);
    previous = point;
  }
  return area;
}

/** Two-sample Kolmogorov-Smirnov statistic: the largest gap between the CDFs. */
export function kolmogorovSmirnovStatistic(a: WeightedPoints, b: WeightedPoints): number {
  let d = 0;
  for (const { fa, fb } of jointCdf(a, b)) d = Math.max(d, Math.abs(fa - fb));
  return d;
}

/**
 * Survival function of the Kolmogorov distribution (scipy.stats.kstwobign.sf), the large-sample law of
 * sqrt(n m / (n + m)) D. Two series, each used where it converges fast.
 */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda <= 0) return 1;
  if (lambda < 1) {
    // Jacobi theta form of the CDF, accurate when lambda is small.
    let cdf = 0;
    for (let k = 1; k < 100; k++) {
      const term = Math.exp((-((2 * k - 1) ** 2) * Math.PI ** 2) / (8 * lambda * lambda));
      cdf += term;
      if (term < 1e-17 * cdf) break;
    }
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * cdf;
  }
  let sf = 0;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sf += (k % 2 === 1 ? 2 : -2) * term;
    if (term < 1e-17 * Math.abs(sf)) break;
  }
  return Math.min(Math.max(sf, 0), 1);
}

export interface TestResult {
  statistic: number;
  p_value: number;
}

/**
 * Two-sample KS test with the asymptotic p-value (scipy's ks_2samp(method="asymp") up to its
 * finite-n correction): from sketches the exact permutation distribution is not available anyway.
 */
export function kolmogorovSmirnovTest(a: WeightedPoints, b: WeightedPoints): TestResult {
  const n = a.weights.reduce((s, w) => s + w, 0);
  const m = b.weights.reduce((s, w) => s + w, 0);
  const statistic = kolmogorovSmirnovStatistic(a, b);
  const en = (n * m) / (n + m);
  return { statistic, p_value: kolmogorovSurvival(Math.sqrt(en) * statistic) };
}

export interface ChiSquareResult extends TestResult {
  dof: number;
}

/**
 * Chi-square test of homogeneity on the 2 x k table of reference and current counts (scipy's
 * chi2_contingency with correction=False); bins empty on both sides are dropped.
 */
export function chiSquareTest(reference: readonly number[], current: readonly number[]): ChiSquareResult {
  const columns: Array<[number, number]> = [];
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] as number;
    const c = current[i] as number;
    if (r + c > 0) columns.push([r, c]);
  }
  const rowR = columns.reduce((s, [r]) => s + r, 0);
  const rowC = columns.reduce((s, [, c]) => s + c, 0);
  const total = rowR + rowC;
  if (columns.length < 2 || rowR === 0 || rowC === 0) return { statistic: 0, p_value: 1, dof: 0 };
  let statistic = 0;
  for (const [r, c] of columns) {
    const expectedR = (rowR * (r + c)) / total;
    const expectedC = (rowC * (r + c)) / total;
    statistic += (r - expectedR) ** 2 / expectedR + (c - expectedC) ** 2 / expectedC;
  }
  const dof = columns.length - 1;
  return { statistic, p_value: chiSquareSurvival(statistic, dof), dof };
}

/** P(X >= x) for X ~ chi-square(dof): the upper regularized incomplete gamma function. */
export function chiSquareSurvival(x: number, dof: number): number {
  if (x <= 0) return 1;
  return upperGamma()(x / 2, dof / 2, true, true);
}

/**
 * Loads the chi-square test's code now instead of at its first call (about 0.1 s of the main thread):
 * for a caller whose main thread waits anyway, e.g. `mlci drift` while DuckDB profiles the data.
 */
export function loadChiSquareSurvival(): void {
  upperGamma();
}

let gammaincFunction: typeof gammainc | undefined;

/** @stdlib's gammainc (286 modules), loaded by the first chi-square test rather than by every command. */
function upperGamma(): typeof gammainc {
  gammaincFunction ??= createRequire(import.meta.url)("@stdlib/math-base-special-gammainc") as typeof gammainc;
  return gammaincFunction;
}
