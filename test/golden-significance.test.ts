/**
 * The slice tests' statistics against scipy and statsmodels (scripts/golden/significance.py): the
 * normal tail far into it (p-values of 1e-200 must keep their relative accuracy) and
 * Benjamini-Hochberg adjusted p-values.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { benjaminiHochberg } from "@mlci/core/compare/multiple-testing.js";
import { normalQuantile, normalSurvival } from "@mlci/core/compare/normal.js";

const golden = JSON.parse(readFileSync(new URL("../golden/significance.json", import.meta.url), "utf8")) as {
  normal_sf: Array<{ z: number; sf: number }>;
  benjamini_hochberg: Array<{ p: number[]; adjusted: number[] }>;
};

function close(actual: number, expected: number, relative: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected) + 1e-300, `${what}: ${actual} vs ${expected}`);
}

describe("significance goldens", () => {
  it("normal survival matches scipy.stats.norm.sf to 1e-12 relative", () => {
    for (const { z, sf } of golden.normal_sf) close(normalSurvival(z), sf, 1e-12, `sf(${z})`);
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
