import * as z from "zod/mini";
import "../zod-messages.js";
import type { Problem } from "../problem.js";
import type { Result } from "../result.js";
import { parseYamlWithSchema } from "../yaml-document.js";
import { dataSection } from "./data-section.js";
import { driftSection } from "./drift-section.js";
import { modelsSection } from "./models-section.js";
import { reportSection } from "./report-section.js";

/**
 * mlci.yml. Each top-level section lives in its own module; unknown keys are errors so that a typo
 * does not silently switch a check off.
 */
export const mlciConfigSchema = z.strictObject({
  version: z._default(z.literal(1), 1),
  data: z._default(dataSection, {}),
  models: z._default(modelsSection, {}),
  report: z.prefault(reportSection, {}),
  drift: z.optional(driftSection),
});
export type MlciConfig = z.infer<typeof mlciConfigSchema>;

export function parseMlciConfig(text: string, file: string): Result<MlciConfig, Problem[]> {
  return parseYamlWithSchema(text, file, mlciConfigSchema);
}
