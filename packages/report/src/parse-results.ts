/**
 * Reading evaluation.json, validation.json and history.json as data: each is checked against its schema
 * (core's zod schemas, from which schemas/*.json are generated) before anything is rendered, because in
 * the fork-PR flow these files come from an untrusted run. A file that does not fit comes back as
 * problems naming the file and the field (a JSON path such as `gates[0].kind`).
 */
import { validationFileSchema } from "@mlci/core/contract/validation-result.js";
import { evaluationFileSchema } from "@mlci/core/evaluation/types.js";
import { METRIC_NAMES } from "@mlci/core/metrics/names.js";
import type { Problem } from "@mlci/core/problem.js";
import { err, ok, type Result } from "@mlci/core/result.js";
import "@mlci/core/zod-messages.js";
import * as z from "zod/mini";
import type { Evaluation, HistoryPoint, Validation } from "./results.js";

/** Problems listed per file: the first few say what is wrong; a hostile file can have thousands. */
const MAX_PROBLEMS = 10;

/** history.json (mlci/history@1): the metrics of released versions, oldest first, for the chart. */
export const historyFileSchema = z.strictObject({
  schema: z.literal("mlci/history@1"),
  model: z.optional(z.string()),
  versions: z.array(
    z.strictObject({
      version: z.string().check(z.maxLength(100)),
      metrics: z.partialRecord(z.enum(METRIC_NAMES), z.nullable(z.number())),
    }),
  ),
});

/** `gates[0].kind`, `comparison.deltas["my metric"]`: where in the file the problem is. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) text += text ? `.${key}` : key;
    else text += `[${JSON.stringify(String(key).slice(0, 80))}]`;
  }
  return text || "(the whole file)";
}

function parseJsonFile<S extends z.ZodMiniType>(
  text: string,
  file: string,
  schema: S,
  what: string,
): Result<z.infer<S>, Problem[]> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return err([{ kind: "input", message: `${what} is not JSON: ${(error as Error).message}`, location: { file } }]);
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  return err(
    parsed.error.issues.slice(0, MAX_PROBLEMS).map((issue) => ({
      kind: "input" as const,
      message: `${what}: ${jsonPath(issue.path)}: ${issue.message}`,
      location: { file },
      fix: `write ${what} with the mlci version that reads it (its JSON Schema is in schemas/; see docs/report.md)`,
    })),
  );
}

export function parseEvaluation(text: string, file: string): Result<Evaluation, Problem[]> {
  return parseJsonFile(text, file, evaluationFileSchema, "evaluation.json");
}

export function parseValidation(text: string, file: string): Result<Validation, Problem[]> {
  return parseJsonFile(text, file, validationFileSchema, "validation.json");
}

export function parseHistory(text: string, file: string): Result<HistoryPoint[], Problem[]> {
  const parsed = parseJsonFile(text, file, historyFileSchema, "history.json");
  return parsed.ok ? ok(parsed.value.versions) : parsed;
}
