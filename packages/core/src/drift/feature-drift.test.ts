import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_RELATIVE_ACCURACY } from "../profile/log-bucket-sketch.js";
import { profileValues } from "../profile/memory-profile.js";
import type { NumericColumnProfile } from "../profile/profile-file.js";
import { golden } from "../testing/golden.js";
import { normalSampler, seededRandom } from "../testing/random.js";
import { alignNumeric } from "./aligned-distributions.js";
import { resolveRule } from "./drift-rule.js";
import { featureDrift } from "./feature-drift.js";

const mean = (xs: number[]) => xs.reduce((s, x) => s + Math.abs(x), 0) / xs.length;

describe("sketch-based statistics stay within the sketch's stated error of scipy's exact values", () => {
  for (const s of golden.samples) {
    it(`"${s.name}"`, () => {
      const a = profileValues(s.a, "numeric") as NumericColumnProfile;
      const b = profileValues(s.b, "numeric") as NumericColumnProfile;
      const drift = featureDrift(a, b, resolveRule(undefined));
      const stats = drift.statistics;
      assert.ok(stats?.wasserstein !== undefined && stats.ks);
      // Each value moves by at most alpha |x| to its bucket's representative.
      const bound = (DEFAULT_RELATIVE_ACCURACY * (mean(s.a) + mean(s.b))) / (a.std as number);
      const exact = s.wasserstein / (a.std as number);
      assert.ok(Math.abs(stats.wasserstein - exact) <= bound, `${stats.wasserstein} vs ${exact} (bound ${bound})`);
      // The sketch CDFs are exact at bucket edges: D from sketches lies in [D - largest bucket share, D].
      const { maxBucketShare } = alignNumeric(a, b);
      assert.ok(stats.ks.statistic <= s.ks_statistic + 1e-12);
      assert.ok(stats.ks.statistic >= s.ks_statistic - maxBucketShare, `${stats.ks.statistic} vs ${s.ks_statistic}`);
    });
  }
});

describe("default rule", () => {
  const random = seededRandom(3);
  const normal = normalSampler(random);
  const sample = (n: number, shift = 0) => Array.from({ length: n }, () => 50 + shift + 10 * normal());

  it("uses KS p-values on small samples and flags a clear shift", () => {
    const drift = featureDrift(profileValues(sample(300)), profileValues(sample(300, 5)), resolveRule(undefined));
    assert.equal(drift.method, "ks");
    assert.equal(drift.threshold, 0.05);
    assert.ok((drift.p_value as number) < 0.05);
    assert.equal(drift.drifted, true);
  });

  it("uses the normalized Wasserstein distance on large samples and ignores a tiny but significant shift", () => {
    const drift = featureDrift(
      profileValues(sample(200_000)),
      profileValues(sample(200_000, 0.3)),
      resolveRule(undefined),
    );
    assert.equal(drift.method, "wasserstein");
    // A p-value test would cry wolf here: 0.03 standard deviations on 200k rows is "significant".
    assert.ok((drift.statistics?.ks?.p_value as number) < 1e-6);
    assert.ok((drift.score as number) < 0.1);
    assert.equal(drift.drifted, false);
  });

  it("uses chi-square on small and Jensen-Shannon on large categorical samples", () => {
    const cats = (n: number, p: number) =>
      Array.from({ length: n }, () => (random() < p ? "a" : random() < 0.5 ? "b" : "c"));
    const small = featureDrift(profileValues(cats(400, 0.3)), profileValues(cats(400, 0.6)), resolveRule(undefined));
    assert.equal(small.method, "chi_square");
    assert.equal(small.drifted, true);
    const large = featureDrift(
      profileValues(cats(50_000, 0.3)),
      profileValues(cats(50_000, 0.31)),
      resolveRule(undefined),
    );
    assert.equal(large.method, "jensen_shannon");
    assert.equal(large.drifted, false);
  });

  it("flags a change of the missing share on its own", () => {
    const ref = sample(5000);
    const cur = sample(5000).map((v, i) => (i % 10 < 3 ? null : v));
    const drift = featureDrift(profileValues(ref), profileValues(cur), resolveRule(undefined));
    assert.ok((drift.score as number) < 0.1);
    assert.ok(Math.abs(drift.missing.delta - 0.3) < 1e-12);
    assert.equal(drift.drifted, true);
  });

  it("follows a per-column override of method and threshold", () => {
    const drift = featureDrift(profileValues(sample(5000)), profileValues(sample(5000, 1)), resolveRule(undefined), {
      method: "psi",
      threshold: 0.001,
    });
    assert.equal(drift.method, "psi");
    assert.equal(drift.score, drift.statistics?.psi);
    assert.equal(drift.drifted, true);
  });
});
