/**
 * schemas/*.json are generated from core's zod schemas (`npm run schemas`): each committed file must
 * equal what its schema generates, and the schemas refuse what the formats forbid.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { RESULT_FILE_SCHEMAS, type ResultFileName, resultFileJsonSchema } from "@mlci/core/results/result-files.js";
import { fromRoot } from "./support/paths.js";

describe("schemas/*.json", () => {
  it("every committed schema has its zod schema in core (none is written by hand)", () => {
    const committed = readdirSync(fromRoot("schemas")).filter((file) => file.endsWith(".schema.json"));
    assert.deepEqual(
      committed.map((file) => file.replace(".schema.json", "")).sort(),
      Object.keys(RESULT_FILE_SCHEMAS).sort(),
    );
  });

  for (const name of Object.keys(RESULT_FILE_SCHEMAS) as ResultFileName[]) {
    it(`schemas/${name}.schema.json is generated from core's zod schema (run npm run schemas)`, () => {
      const committed: { properties: { schema: { const: string } }; additionalProperties: unknown } = JSON.parse(
        readFileSync(fromRoot(`schemas/${name}.schema.json`), "utf8"),
      );
      assert.deepEqual(committed, resultFileJsonSchema(name));
      assert.equal(committed.properties.schema.const, `mlci/${name}@1`);
      assert.equal(committed.additionalProperties, false, "unknown top-level keys are refused");
    });
  }
});
