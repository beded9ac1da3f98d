/**
 * schemas/*.json are generated from core's zod schemas (`npm run schemas`): each committed file must
 * equal what its schema generates, and the schemas refuse what the formats forbid.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { RESULT_FILE_SCHEMAS, type ResultFileName, resultFileJsonSchema } from "@mlci/core/results/result-files.js";
import { fromRoot } from "./support/paths.js";

describe("schemas/*.json", () => {
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
