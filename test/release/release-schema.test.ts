import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { releaseJsonSchema } from "@mlci/core/release/release-record.js";

test("schemas/release.schema.json is generated from the release.json type (run scripts/generate-release-schema.mjs)", () => {
  const committed: { properties: { schema: { const: string } } } = JSON.parse(
    readFileSync(new URL("../../../schemas/release.schema.json", import.meta.url), "utf8"),
  );
  assert.deepEqual(committed, releaseJsonSchema());
  assert.equal(committed.properties.schema.const, "mlci/release@1");
});
