/**
 * The drift rule at its boundaries: each default threshold pinned by a score exactly at it and one
 * double either side, the switch from tests to distances at exactly `sample_size` values, and the
 * missing-share limit. A doubled default or `<` written for `<=` fails here.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DriftMethod } from "../config/drift-section.js";
import { profileValues } from "../profile/memory-profile.js";
import { nextDown, nextUp } from "../testing/ulp.js";
import { compareProfiles } from "./dataset-drift.js";
import { DEFAULT_SAMPLE_SIZE, defaultMethod, defaultThreshold, isDrifted, resolveRule } from "./drift-rule.js";
import { featureDrift } from "./feature-drift.js";

describe("default thresholds, at the limit and one double either side", () => {
  // Evidently's defaults (docs/drift.md): distances drift from 0.1 up, tests below p = 0.05.
  const distances: [DriftMethod, number][] = [
    ["wasserstein", 0.1],
    ["jensen_shannon", 0.1],
    ["psi", 0.1],
  ];
  for (const [method, limit] of distances) {
    it(`${method}: a score of ${limit} drifts, one double less does not`, () => {
      const threshold = defaultThreshold(method);
      assert.equal(isDrifted(method, limit, threshold), true);
      assert.equal(isDrifted(method, nextUp(limit), threshold), true);
      assert.equal(isDrifted(method, nextDown(limit), threshold), false);
    });
  }
  for (const method of ["ks", "chi_square"] as const) {
    it(`${method}: p = 0.05 does not drift, one double less does`, () => {
      const threshold = defaultThreshold(method);
      assert.equal(isDrifted(method, 0.05, threshold), false);
      assert.equal(isDrifted(method, nextDown(0.05), threshold), true);
      assert.equal(isDrifted(method, nextUp(0.05), threshold), false);
    });
  }
});

describe("tests up to sample_size values, distances beyond", () => {
  it("the switch is at exactly sample_size (inclusive)", () => {
    assert.equal(DEFAULT_SAMPLE_SIZE, 1000);
    assert.equal(defaultMethod("numeric", 1000, 1000), "ks");
    assert.equal(defaultMethod("numeric", 1001, 1000), "wasserstein");
    assert.equal(defaultMethod("categorical", 1000, 1000), "chi_square");
    assert.equal(defaultMethod("categorical", 1001, 1000), "jensen_shannon");
    assert.equal(defaultMethod("boolean", 1000, 1000), "chi_square");
  });

  it("the smaller side decides, through featureDrift with the default rule", () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => i % 97);
    const rule = resolveRule(undefined);
    assert.equal(featureDrift(profileValues(values(1000)), profileValues(values(5000)), rule).method, "ks");
    assert.equal(featureDrift(profileValues(values(1001)), profileValues(values(5000)), rule).method, "wasserstein");
  });
});

describe("missing share", () => {
  // 100 rows each side: 10 more missing values on the current side is a change of exactly 0.1.
  const column = (missing: number) =>
    profileValues(Array.from({ length: 100 }, (_, i) => (i < missing ? null : i % 10)));
  const rule = resolveRule(undefined);

  it("a change of exactly the default (10 points) drifts, 9 points does not", () => {
    const atLimit = featureDrift(column(10), column(20), rule).missing;
    assert.equal(atLimit.delta, 0.1);
    assert.equal(atLimit.drifted, true);
    assert.equal(featureDrift(column(10), column(19), rule).missing.drifted, false);
  });

  it("a drop of the missing share counts as much as a rise", () => {
    assert.equal(featureDrift(column(20), column(10), rule).missing.drifted, true);
  });
});

describe("dataset drift share", () => {
  it("exactly the share threshold of drifted features is dataset drift", () => {
    // Mild drift (Wasserstein about 0.14 reference deviations, under twice the 0.1 threshold), so that
    // only the share rule decides.
    const same = Array.from({ length: 2000 }, (_, i) => i % 50);
    const shifted = same.map((v) => v + 2);
    const profile = (columns: Record<string, number[]>) => ({
      schema: "mlci/profile@1" as const,
      source: "test",
      rows: 2000,
      columns: Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, profileValues(v)])),
    });
    const reference = profile({ a: same, b: same, c: same, d: same });
    const half = compareProfiles(reference, profile({ a: shifted, b: shifted, c: same, d: same }));
    assert.equal(half.share, 0.5);
    assert.equal(half.drifted, true);
    const quarter = compareProfiles(reference, profile({ a: shifted, b: same, c: same, d: same }), { share: 0.5 });
    assert.equal(quarter.share, 0.25);
    assert.equal(quarter.drifted, false);
  });
});
