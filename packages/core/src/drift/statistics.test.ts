import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { closeTo, golden, pointsOf } from "../testing/golden.js";
import {
  chiSquareSurvival,
  chiSquareTest,
  jensenShannonDistance,
  kolmogorovSmirnovTest,
  kolmogorovSurvival,
  populationStabilityIndex,
  wassersteinDistance,
} from "./statistics.js";

describe("drift statistics match scipy on exact inputs", () => {
  golden.counts.forEach((c, i) => {
    it(`counts case ${i}: PSI, Jensen-Shannon (natural log), chi-square`, () => {
      closeTo(populationStabilityIndex(c.reference, c.current), c.psi);
      closeTo(jensenShannonDistance(c.reference, c.current), c.jensen_shannon);
      const chi = chiSquareTest(c.reference, c.current);
      closeTo(chi.statistic, c.chi_square.statistic);
      closeTo(chi.p_value, c.chi_square.p_value, 1e-9, 1e-300);
      assert.equal(chi.dof, c.chi_square.dof);
    });
  });

  for (const s of golden.samples) {
    it(`samples "${s.name}": Wasserstein and KS`, () => {
      const a = pointsOf(s.a);
      const b = pointsOf(s.b);
      closeTo(wassersteinDistance(a, b), s.wasserstein);
      const ks = kolmogorovSmirnovTest(a, b);
      closeTo(ks.statistic, s.ks_statistic);
      closeTo(ks.p_value, s.ks_p_value_kstwobign, 1e-9, 1e-300);
      // scipy's asymp adds a finite-n correction; on large samples both agree to a few percent.
      if (s.a.length >= 1000)
        assert.ok(Math.abs(ks.p_value - s.ks_p_value_scipy_asymp) <= 0.05 * s.ks_p_value_scipy_asymp + 1e-6);
    });
  }

  it("Kolmogorov survival function matches scipy.stats.kstwobign.sf", () => {
    for (const k of golden.kolmogorov_sf) closeTo(kolmogorovSurvival(k.lambda), k.sf, 1e-9, 1e-300);
  });

  it("chi-square survival function matches scipy.stats.chi2.sf", () => {
    for (const c of golden.chi2_sf) closeTo(chiSquareSurvival(c.x, c.dof), c.sf, 1e-9, 1e-300);
  });

  it("identical distributions have zero distance and p-value 1", () => {
    assert.equal(populationStabilityIndex([1, 2, 3], [2, 4, 6]), 0);
    assert.equal(jensenShannonDistance([1, 2, 3], [2, 4, 6]), 0);
    assert.equal(chiSquareTest([1, 2, 3], [2, 4, 6]).p_value, 1);
  });
});
