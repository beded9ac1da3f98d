/**
 * Student's t distribution's upper tail, for the slice p-values (significance.ts). Through the
 * regularized incomplete beta function, P(T > t) = I_x(df/2, 1/2) / 2 with x = df / (df + t²), which
 * keeps its relative accuracy far into the tail (a planted regression's p-value of 1e-30 must not
 * round to 0 before a multiple-testing correction ranks it).
 */
import { createRequire } from "node:module";
import type betainc from "@stdlib/math-base-special-betainc";

let betaincFunction: typeof betainc | undefined;

/** @stdlib's betainc (a port of Boost's ibeta), loaded by the first p-value rather than by every command. */
function incompleteBeta(): typeof betainc {
  betaincFunction ??= createRequire(import.meta.url)("@stdlib/math-base-special-betainc") as typeof betainc;
  return betaincFunction;
}

/**
 * Loads the incomplete beta function now (its module graph takes a tenth of a second to load): a
 * caller with a thread to spare (while worker threads draw the replicates) spares the p-values it.
 */
export function loadStudentT(): void {
  incompleteBeta();
}

/** P(T > t) for T ~ Student's t with `df` degrees of freedom (df > 0, not necessarily whole): scipy.stats.t.sf. */
export function studentTSurvival(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 0;
  if (t === Number.NEGATIVE_INFINITY) return 1;
  const tail = 0.5 * incompleteBeta()(df / (df + t * t), df / 2, 0.5, true, false);
  return t >= 0 ? tail : 1 - tail;
}
