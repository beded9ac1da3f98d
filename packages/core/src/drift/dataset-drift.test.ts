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
  it("reports the share of drifted features against the threshold and skips timestamps", () => {
    const report = compareProfiles(profileTable("ref", table(3000, 0)), profileTable("cur", table(3000, 1)));
    assert.deepEqual(report.drifted_features, ["a"]);
    assert.equal(report.share, 1 / 3);
    assert.equal(report.drifted, false);
    assert.deepEqual(report.skipped, [{ column: "when", reason: "timestamps move by design" }]);
    const strict = compareProfiles(profileTable("ref", table(3000, 0)), profileTable("cur", table(3000, 1)), {
      share: 0.3,
    });
    assert.equal(strict.drifted, true);
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
