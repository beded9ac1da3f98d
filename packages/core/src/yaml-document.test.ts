import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as z from "zod/mini";
import "./zod-messages.js";
import { parseYamlWithSchema } from "./yaml-document.js";

const schema = z.strictObject({ name: z.string(), size: z.optional(z.int().check(z.gte(1))) });

describe("parseYamlWithSchema", () => {
  it("returns the typed value of valid YAML", () => {
    const result = parseYamlWithSchema("name: flights\nsize: 3\n", "a.yml", schema);
    assert.deepEqual(result, { ok: true, value: { name: "flights", size: 3 } });
  });

  it("places a syntax error at its line and column", () => {
    const result = parseYamlWithSchema("name: flights\n\tsize: 2\n", "a.yml", schema);
    assert.equal(result.ok, false);
    if (result.ok) return;
    const first = result.error[0];
    assert.equal(first?.location?.file, "a.yml");
    assert.equal(first?.location?.line, 2);
    assert.equal(first?.location?.column, 1);
    assert.equal(first?.message, "YAML syntax error: Tabs are not allowed as indentation");
  });

  it("places a schema violation on the offending value", () => {
    const result = parseYamlWithSchema("name: flights\nsize: 0\n", "a.yml", schema);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.length, 1);
    assert.deepEqual(result.error[0]?.location, { file: "a.yml", line: 2, column: 7 });
    assert.match(result.error[0]?.message ?? "", /^size: /);
  });

  it("names unknown keys so typos are caught", () => {
    const result = parseYamlWithSchema("name: x\nsise: 3\n", "a.yml", schema);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.match(result.error[0]?.message ?? "", /unknown key "sise"/);
  });
});

describe("YAML aliases", () => {
  const anySchema = z.record(z.string(), z.unknown());

  it("an alias bomb is a config problem at the first alias, not a crash or an exhausted memory", () => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(", ")}]`,
      );
    const result = parseYamlWithSchema(`${lines.join("\n")}\n`, "mlci.yml", anySchema);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.length, 1);
    assert.equal(result.error[0]?.kind, "config");
    assert.match(result.error[0]?.message ?? "", /YAML aliases expand too far \(more than 100 nodes/);
    assert.deepEqual(result.error[0]?.location, { file: "mlci.yml", line: 2, column: 10 });
  });

  it("ordinary anchors and aliases still work", () => {
    const result = parseYamlWithSchema("base: &b {min: 0, max: 1}\na: *b\nb: *b\n", "c.yml", anySchema);
    assert.deepEqual(result, {
      ok: true,
      value: { base: { min: 0, max: 1 }, a: { min: 0, max: 1 }, b: { min: 0, max: 1 } },
    });
  });
});
