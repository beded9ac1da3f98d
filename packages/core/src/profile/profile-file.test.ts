import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mergeProfiles } from "./dataset-profile.js";
import { profileTable } from "./memory-profile.js";
import { type DatasetProfile, parseProfile } from "./profile-file.js";

const profile = (): DatasetProfile =>
  profileTable("data.csv", {
    x: [1, 2.5, null, 4],
    c: ["a", "b", "a", null],
    flag: [true, false, true, true],
    when: [new Date(Date.UTC(2024, 0, 1)), null, new Date(Date.UTC(2024, 0, 2)), null],
  });

/** A copy of the profile with one field set: what a hand edit or another tool may leave. */
function edited(path: readonly (string | number)[], value: unknown): unknown {
  const json = JSON.parse(JSON.stringify(profile()));
  const parent = path.slice(0, -1).reduce((node, key) => node[key], json);
  parent[path.at(-1) as string | number] = value;
  return json;
}

function problemOf(value: unknown): string {
  const parsed = parseProfile(value, "profile.json");
  assert.equal(parsed.ok, false, "the edited profile must be refused");
  if (parsed.ok) return "";
  assert.equal(parsed.error[0]?.kind, "input");
  assert.deepEqual(parsed.error[0]?.location, { file: "profile.json" });
  return parsed.error[0]?.message ?? "";
}

describe("profile.json (profile-file.ts)", () => {
  it("reads back what the profiler and the merge write, unchanged", () => {
    for (const written of [profile(), mergeProfiles([profile(), profile()])]) {
      const value = "ok" in written ? (written.ok ? written.value : assert.fail("merge failed")) : written;
      const parsed = parseProfile(JSON.parse(JSON.stringify(value)), "p.json");
      assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.error));
      assert.deepEqual(parsed.value, JSON.parse(JSON.stringify(value)));
    }
  });

  it("names the field that is wrong", () => {
    assert.match(problemOf(edited(["rows"], -1)), /^not a valid mlci\/profile@1 profile: rows: /);
    assert.match(problemOf(edited(["columns", "c", "top", 0], ["a"])), /: columns\.c\.top\.0: /);
    assert.match(problemOf(edited(["columns", "x", "type"], "text")), /: columns\.x\.type: /);
    assert.match(problemOf(edited(["columns", "x", "colour"], "red")), /: columns\.x: .*colour/);
    // Registers are base64, one character per register: anything else would decode to garbage.
    assert.match(problemOf(edited(["columns", "x", "hll", "registers"], "A-B")), /: columns\.x\.hll\.registers: /);
  });
});
