import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planChecks } from "./check-plan.js";
import { parseContract } from "./contract-schema.js";

function contractOf(text: string) {
  const parsed = parseContract(text, "schema.yml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

describe("planChecks", () => {
  it("lists column checks in order with severities from the check, the column, or the default", () => {
    const contract = contractOf(
      [
        "columns:",
        "  a:",
        "    type: integer",
        "    severity: warn",
        "    nullable: false",
        "    min: {value: 0, severity: error}",
        "    unique: true",
        "dataset:",
        "  row_count: {max: 10}",
        "  duplicate_rows: 0",
        "checks:",
        "  - {name: pos, expression: 'a > 0'}",
      ].join("\n"),
    );
    const plan = planChecks(contract, ["a", "b"], "schema.yml");
    assert.ok(plan.ok);
    const summary = plan.value.map((c) => `${c.id}:${c.check}:${c.severity}`);
    assert.deepEqual(summary, [
      "c0:type:warn",
      "c1:not_null:warn",
      "c2:min:error",
      "c3:unique:warn",
      "c4:row_count:error",
      "c5:duplicate_rows:warn",
      "c6:custom:error",
    ]);
  });

  it("reports every missing required column in one problem, with a near name", () => {
    const contract = contractOf("columns:\n  Delay: {type: integer}\n  orign: {type: string}\n  gone: {}\n");
    const plan = planChecks(contract, ["delay", "origin", "x"], "schema.yml");
    assert.equal(plan.ok, false);
    if (plan.ok) return;
    assert.equal(plan.error.length, 1);
    const problem = plan.error[0];
    assert.equal(problem?.kind, "input");
    assert.equal(
      problem?.message,
      'the contract names columns "Delay", "orign", "gone" that the data lacks; the data has 3 columns: delay, origin, x',
    );
    assert.match(problem?.fix ?? "", /"Delay" -> "delay"\?, "orign" -> "origin"\?/);
  });

  it("lists at most 20 data columns", () => {
    const columns = Array.from({ length: 25 }, (_, i) => `col${i}`);
    const plan = planChecks(contractOf("columns:\n  zzz: {}\n"), columns, "schema.yml");
    assert.equal(plan.ok, false);
    if (plan.ok) return;
    assert.match(plan.error[0]?.message ?? "", /the data has 25 columns: col0, .*, col19, \.\.\. \(5 more\)$/);
  });

  it("skips an absent optional column with one passing required entry", () => {
    const contract = contractOf("columns:\n  extra: {required: false, type: integer, min: 0}\n");
    const plan = planChecks(contract, ["a"], "schema.yml");
    assert.ok(plan.ok);
    assert.deepEqual(
      plan.value.map((c) => c.check),
      ["required"],
    );
  });

  it("treats a missing freshness column as a missing column", () => {
    const contract = contractOf("dataset:\n  freshness: {column: ts, max_age: 1d}\n");
    const plan = planChecks(contract, ["a"], "schema.yml");
    assert.equal(plan.ok, false);
  });
});
