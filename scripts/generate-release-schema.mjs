#!/usr/bin/env node
// Writes schemas/release.schema.json from the zod schema in @mlci/core (packages/core/src/release/
// release-record.ts), so the JSON Schema and the type the code checks against cannot drift apart.
// Run after `npm run build`; test/release/release-schema.test.ts fails when the file is stale.
import { writeFileSync } from "node:fs";
import { releaseJsonSchema } from "../packages/core/dist/release/release-record.js";

writeFileSync("schemas/release.schema.json", `${JSON.stringify(releaseJsonSchema(), null, 2)}\n`);
