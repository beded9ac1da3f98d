import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planChecks } from "./check-plan.js";
import { parseContract } from "./contract-schema.js";
import { type DatasetStats, inferColumnType, renderInferredContract } from "./infer-contract.js";

const stats: DatasetStats = {
  source: "flights.csv",
  rows: 10,
  duplicateRows: 1,
  columns: [
    { name: "delay", duckdbType: "BIGINT", nonNull: 8, distinct: 7, min: -5, max: 120 },
    {
      name: "origin",
      duckdbType: "VARCHAR",
      nonNull: 10,
      distinct: 3,
      min: "ABQ",
      max: "SFO",
      values: ["ABQ", "LAX", "SFO"],
    },
    { name: "id", duckdbType: "VARCHAR", nonNull: 10, distinct: 10, min: "a", max: "j" },
    {
      name: "when",
      duckdbType: "TIMESTAMP",
      nonNull: 10,
      distinct: 10,
      min: "2001-01-01 00:00:00",
      max: "2001-02-01 00:00:00",
    },
    { name: "ok", duckdbType: "BOOLEAN", nonNull: 10, distinct: 2, min: false, max: true, values: [false, true] },
    { name: "tags", duckdbType: "VARCHAR[]", nonNull: 10, distinct: 4, min: null, max: null },
  ],
};

describe("contract inference", () => {
  it("maps storage types and cardinality to contract types", () => {
    assert.deepEqual(stats.columns.map(inferColumnType), [
      "integer",
      "category",
      "string",
      "timestamp",
      "boolean",
      undefined,
    ]);
  });

  it("renders commented YAML that parses back into the contract it describes", () => {
    const text = renderInferredContract(stats);
    assert.match(text, /^ {4}max_missing: 0\.3 # 2 of 10 missing \(20%\) in the reference data$/m);
    assert.match(text, /^ {4}allowed: \[ABQ, LAX, SFO\] # the 3 values seen$/m);
    assert.match(text, /^ {2}tags: \{\} # VARCHAR\[\] has no contract type/m);
    assert.match(text, /^ {2}# {3}column: when$/m);
    const parsed = parseContract(text, "schema.yml");
    assert.ok(parsed.ok, JSON.stringify(parsed));
    const contract = parsed.value;
    assert.deepEqual(contract.columns.delay, { type: "integer", required: true, max_missing: 0.3, min: -5, max: 120 });
    assert.deepEqual(contract.columns.id, { type: "string", required: true, nullable: false, unique: true });
    assert.equal(contract.columns.when?.min, "2001-01-01 00:00:00");
    assert.equal(contract.columns.when?.max, undefined);
    assert.equal(contract.dataset.duplicate_rows, 1);
    const plan = planChecks(
      contract,
      stats.columns.map((c) => c.name),
      "schema.yml",
    );
    assert.ok(plan.ok);
  });

  it("quotes values YAML would otherwise read as another type", () => {
    const text = renderInferredContract({
      source: "x.csv",
      rows: 4,
      duplicateRows: 0,
      columns: [
        {
          name: "code",
          duckdbType: "VARCHAR",
          nonNull: 4,
          distinct: 2,
          min: "007",
          max: "true",
          values: ["007", "true"],
        },
      ],
    });
    const parsed = parseContract(text, "s.yml");
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value.columns.code?.allowed, ["007", "true"]);
  });
});
