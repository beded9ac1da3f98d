#!/usr/bin/env node
// Writes schemas/<name>.schema.json for every result file from its zod schema in @mlci/core
// (packages/core/src/results/result-files.ts), so the JSON Schemas and the types the code checks
// against cannot drift apart. `npm run schemas` builds first; test/result-schemas.test.ts fails when a
// committed file is stale.
import { writeFileSync } from "node:fs";
import { RESULT_FILE_SCHEMAS, resultFileJsonSchema } from "../packages/core/dist/results/result-files.js";

for (const name of Object.keys(RESULT_FILE_SCHEMAS)) {
  writeFileSync(`schemas/${name}.schema.json`, `${JSON.stringify(resultFileJsonSchema(name), null, 2)}\n`);
  console.log(`schemas/${name}.schema.json`);
}
