import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { profileTable } from "../profile/memory-profile.js";
import { compareProfiles } from "./dataset-drift.js";
import { parseDriftReport } from "./drift-file.js";

const n = 400;
const reference = profileTable("ref.csv", {
  x: Array.from({ length: n }, (_, i) => i % 50),
  c: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? "a" : "b")),
});
const current = profileTable("cur.csv", {
  x: Array.from({ length: n }, (_, i) => (i % 50) + 30),
  c: Array.from({ length: n }, (_, i) => (i % 2 === 0 ? "a" : "b")),
});

describe("drift.json (drift-file.ts)", () => {
  it("reads back a report with drifted features and their figures, unchanged", () => {
    const report = JSON.parse(JSON.stringify(compareProfiles(reference, current)));
    assert.ok(report.features.x.figures, "the test needs a drifted feature with figures");
    const parsed = parseDriftReport(report, "drift.json");
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.error));
    assert.deepEqual(parsed.value, report);
  });

  it("names the field that is wrong", () => {
    const report = JSON.parse(JSON.stringify(compareProfiles(reference, current)));
    report.features.x.method = "magic";
    report.share = 2;
    const parsed = parseDriftReport(report, "drift.json");
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    assert.deepEqual(
      parsed.error.map((p) => p.message.split(":").slice(0, 2).join(":")),
      ["not a valid mlci/drift@1 report: share", "not a valid mlci/drift@1 report: features.x.method"],
    );
    assert.deepEqual(parsed.error[0]?.location, { file: "drift.json" });
  });
});
