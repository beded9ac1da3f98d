import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkPath, yamlLocator } from "./contract-locations.js";
import { parseContract } from "./contract-schema.js";

const text = [
  "columns:",
  "  delay:",
  "    type: integer",
  "    min: 0",
  "checks:",
  "  - name: a",
  "    expression: x > 0",
  "  - {name: b, aggregate: 'avg(x) > 0'}",
].join("\n");

describe("yamlLocator", () => {
  const locate = yamlLocator(text, "schema.yml");

  it("points at the key of a mapping entry and the start of a list item", () => {
    assert.deepEqual(locate(["columns", "delay"]), { file: "schema.yml", line: 2, column: 3 });
    assert.deepEqual(locate(["columns", "delay", "min"]), { file: "schema.yml", line: 4, column: 5 });
    assert.deepEqual(locate(["checks", 1]), { file: "schema.yml", line: 8, column: 5 });
  });

  it("falls back to the deepest existing part, then to the file", () => {
    assert.deepEqual(locate(["columns", "delay", "max"]), { file: "schema.yml", line: 2, column: 3 });
    assert.deepEqual(locate(["dataset"]), { file: "schema.yml" });
  });

  it("locates the contract entry behind a planned check", () => {
    const parsed = parseContract(text, "schema.yml");
    assert.ok(parsed.ok);
    const path = checkPath(parsed.value, {
      id: "c9",
      check: "custom",
      name: "b",
      aggregate: "avg(x) > 0",
      severity: "error",
    });
    assert.deepEqual(path, ["checks", 1]);
    const min = checkPath(parsed.value, {
      id: "c1",
      check: "min",
      column: "delay",
      type: "integer",
      bound: 0,
      severity: "error",
    });
    assert.deepEqual(locate(min), { file: "schema.yml", line: 4, column: 5 });
  });
});
