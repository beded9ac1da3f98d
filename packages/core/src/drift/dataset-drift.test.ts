import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { profileTable } from "../profile/memory-profile.js";
import { normalSampler, seededRandom } from "../testing/random.js";
import { compareProfiles } from "./dataset-drift.js";

const random = seededRandom(9);
const normal = normalSampler(random);
function table(n: number, shift: number) {
  return {
    a: Array.from({ length: n }, () => normal() + shift),
    b: Array.from({ length: n }, () => 5 * normal()),
    c: Array.from({ length: n }, () => (random() < 0.5 ? "x" : "y")),
    when: Array.from({ length: n }, (_, i) => new Date(Date.UTC(2024, 0, 1 + (i % 28)))),
  };
}

describe("dataset drift", () => {
  it("reports the share of mildly drifted features against the threshold and skips timestamps", () => {
    // A shift of 0.15 standard deviations: Wasserstein about 0.15, past 0.1 but under 2x.
    const report = compareProfiles(profileTable("ref", table(3000, 0)), profileTable("cur", table(3000, 0.15)));
    assert.deepEqual(report.drifted_features, ["a"]);
    assert.deepEqual(report.severe_features, []);
    assert.equal(report.share, 1 / 3);
    assert.equal(report.drifted, false);
    assert.deepEqual(report.reasons, []);
    assert.deepEqual(report.skipped, [{ column: "when", reason: "timestamps move by design" }]);
    const strict = compareProfiles(profileTable("ref", table(3000, 0)), profileTable("cur", table(3000, 0.15)), {
      share: 0.3,
    });
    assert.equal(strict.drifted, true);
    assert.deepEqual(strict.reasons, ["1 of 3 features drifted (share 0.33 >= 0.3)"]);
  });

  it("fails on one feature far past its threshold, whatever the share", () => {
    const report = compareProfiles(profileTable("ref", table(3000, 0)), profileTable("cur", table(3000, 1)));
    assert.deepEqual(report.drifted_features, ["a"]);
    assert.equal(report.features.a?.severe, true);
    assert.deepEqual(report.severe_features, ["a"]);
    assert.equal(report.drifted, true);
    assert.deepEqual(report.reasons, ["a drifted at 2x the threshold or more"]);
    const lenient = compareProfiles(profileTable("ref", table(3000, 0)), profileTable("cur", table(3000, 1)), {
      severe_factor: 20,
    });
    assert.equal(lenient.drifted, false, "a 1-sd shift is 10x the threshold, under a factor of 20");
  });

  it("fails on 30% missing values in one column (3x the missing-share threshold)", () => {
    const current = table(3000, 0);
    const holes = { ...current, b: current.b.map((v, i) => (i % 10 < 3 ? null : v)) };
    const report = compareProfiles(profileTable("ref", table(3000, 0)), profileTable("cur", holes));
    assert.deepEqual(report.severe_features, ["b"]);
    assert.equal(report.features.b?.missing.severe, true);
    assert.equal(report.drifted, true);
  });

  it("fails when a critical feature drifts at all, or is missing", () => {
    const ref = profileTable("ref", table(3000, 0));
    const mild = profileTable("cur", table(3000, 0.15));
    const report = compareProfiles(ref, mild, { critical: ["a"] });
    assert.deepEqual(report.critical_features, ["a"]);
    assert.equal(report.drifted, true);
    assert.deepEqual(report.reasons, ["critical feature a drifted or missing"]);
    const { a: _gone, ...withoutA } = table(3000, 0);
    const missing = compareProfiles(ref, profileTable("cur", withoutA), { critical: ["a"] });
    assert.deepEqual(missing.critical_features, ["a"]);
    assert.equal(missing.drifted, true);
    assert.equal(compareProfiles(ref, profileTable("cur", table(3000, 0)), { critical: ["a"] }).drifted, false);
  });

  it("leaves out ignored columns and reports columns on one side only", () => {
    const ref = profileTable("ref", { ...table(2000, 0), gone: [1, 2] });
    const cur = profileTable("cur", { ...table(2000, 0), added: ["q"] });
    const report = compareProfiles(ref, cur, { columns: { b: { ignore: true } } });
    assert.deepEqual(Object.keys(report.features).sort(), ["a", "c"]);
    assert.deepEqual(
      report.skipped.map((s) => s.column),
      ["b", "when", "gone", "added"],
    );
    assert.equal(report.drifted, false);
  });
});
