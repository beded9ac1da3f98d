/**
 * The result files steps hand to each other, each with its one zod schema. schemas/<name>.schema.json
 * is generated from these (`npm run schemas`, scripts/generate-schemas.mjs); a test fails when the
 * committed files differ from what the schemas generate.
 */
import * as z from "zod/mini";
import "../zod-messages.js";
import { validationFileSchema } from "../contract/validation-result.js";
import { driftFileSchema } from "../drift/drift-file.js";
import { evaluationFileSchema } from "../evaluation/types.js";
import { lineageFileSchema } from "../lineage/lineage.js";
import { profileFileSchema } from "../profile/profile-file.js";
import { releaseRecordSchema } from "../release/release-record.js";

export const RESULT_FILE_SCHEMAS = {
  drift: driftFileSchema,
  evaluation: evaluationFileSchema,
  lineage: lineageFileSchema,
  profile: profileFileSchema,
  release: releaseRecordSchema,
  validation: validationFileSchema,
} as const satisfies Record<string, z.ZodMiniType>;

export type ResultFileName = keyof typeof RESULT_FILE_SCHEMAS;

/** JSON Schema (draft 2020-12) of one result file, as committed under schemas/<name>.schema.json. */
export function resultFileJsonSchema(name: ResultFileName): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(RESULT_FILE_SCHEMAS[name], { target: "draft-2020-12" });
  return { $schema, $id: `https://mlci.dev/schemas/${name}.schema.json`, ...rest };
}
