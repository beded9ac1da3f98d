/**
 * The slice tests' statistics against scipy and statsmodels (scripts/golden/significance.py): the
 * normal and Student's t tails far into them (p-values of 1e-200 must keep their relative accuracy),
 * the slice p-value from a bootstrap standard error, and Benjamini-Hochberg adjusted p-values.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { pairedBootstrap } from "@mlci/core/compare/bootstrap.js";
import { benjaminiHochberg } from "@mlci/core/compare/multiple-testing.js";
import { normalQuantile, normalSurvival } from "@mlci/core/compare/normal.js";
import { bootstrapPValue } from "@mlci/core/compare/significance.js";
import { studentTSurvival } from "@mlci/core/compare/student-t.js";
import { preparePredictions, type TaskPredictions } from "@mlci/core/evaluation/score.js";

const golden = JSON.parse(readFileSync(new URL("../golden/significance.json", import.meta.url), "utf8")) as {
  normal_sf: Array<{ z: number; sf: number }>;
  t_sf: Array<{ t: number; df: number; sf: number }>;
  bootstrap_p: Array<{ delta: number; se: number; rows: number; resamples: number; p: number }>;
  paired_t: { y: number[]; p_head: number[]; p_baseline: number[]; brier_p: number };
  benjamini_hochberg: Array<{ p: number[]; adjusted: number[] }>;
};

function close(actual: number, expected: number, relative: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected) + 1e-300, `${what}: ${actual} vs ${expected}`);
}

describe("significance goldens", () => {
  it("normal survival matches scipy.stats.norm.sf to 1e-12 relative", () => {
    for (const { z, sf } of golden.normal_sf) close(normalSurvival(z), sf, 1e-12, `sf(${z})`);
  });

  it("Student's t survival matches scipy.stats.t.sf to 1e-10 relative, from 1 to a million degrees of freedom", () => {
    for (const { t, df, sf } of golden.t_sf) close(studentTSurvival(t, df), sf, 1e-10, `sf(${t}; ${df})`);
  });

  it("the slice p-value is the small-sample t-test on the bootstrap standard error", () => {
    for (const { delta, se, rows, resamples, p } of golden.bootstrap_p) {
      close(
        bootstrapPValue(delta, se, rows, resamples) as number,
        p,
        1e-10,
        `p(${delta}, ${se}, ${rows}, ${resamples})`,
      );
    }
  });

  it("on 20 rows, a mean metric's p-value converges to the paired t-test's (scipy's ttest_rel), not the normal's", () => {
    const { y, p_head, p_baseline, brier_p } = golden.paired_t;
    const model = (p: number[]): TaskPredictions => ({
      task: "binary",
      predictions: {
        classes: ["0", "1"],
        yTrue: Int32Array.from(y),
        yPred: Int32Array.from(p, (v) => (v >= 0.5 ? 1 : 0)),
        proba: Float64Array.from(p.flatMap((v) => [1 - v, v])),
      },
    });
    const { deltas } = pairedBootstrap(preparePredictions(model(p_head)), preparePredictions(model(p_baseline)), {
      metrics: ["brier"],
      resamples: 20_000,
      seed: 1,
    });
    // The old normal p-value on the same standard error was about two thirds of the t-test's (0.018
    // against 0.027). Ours is a little above the t-test's: the Poisson bootstrap's variance of a mean
    // is already about the unbiased one, and significance.ts's n / (n - 1) (which keeps ratio metrics
    // such as precision calibrated on small segments) adds 5% on 20 rows; 20,000 resamples add about
    // 1% of noise.
    const p = deltas.brier?.p_value as number;
    assert.ok(p >= 0.97 * brier_p && p <= 1.25 * brier_p, `brier p-value ${p}, paired t-test ${brier_p}`);
  });

  it("normal quantile inverts the survival function", () => {
    close(normalQuantile(0.975), 1.959963984540054, 1e-12, "q(0.975)");
  });

  it("Benjamini-Hochberg matches statsmodels' fdr_bh", () => {
    for (const { p, adjusted } of golden.benjamini_hochberg) {
      const ours = benjaminiHochberg(p);
      for (const [i, q] of adjusted.entries()) close(ours[i] as number, q, 1e-12, `case of ${p.length}, index ${i}`);
    }
  });
});
