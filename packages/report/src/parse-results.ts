/**
 * Reading evaluation.json, validation.json and history.json as data: each is checked against its shape
 * before anything is rendered, because in the fork-PR flow these files come from an untrusted run.
 * A file that does not fit comes back as problems naming the file and the field.
 */
import { err, ok, type Problem, type Result } from "@mlci/core";
import { z } from "zod";
import type { Evaluation, HistoryPoint, Validation } from "./results.js";

const num = z.number();
const nullableNum = z.number().nullable();
const metricMap = z.record(z.string(), nullableNum.optional());

const confusionMatrix = z.object({
  labels: z.array(z.string()),
  matrix: z.array(z.array(num)),
});

const cost = z.object({
  size_bytes: nullableNum.optional(),
  latency_ms: z
    .object({ p50: nullableNum.optional(), p95: nullableNum.optional(), p99: nullableNum.optional() })
    .nullable()
    .optional(),
  throughput_rows_per_s: nullableNum.optional(),
  peak_memory_bytes: nullableNum.optional(),
});

const modelSide = z.object({
  model: z
    .union([
      z.object({ path: z.string().optional(), sha256: z.string().optional(), size_bytes: num.optional() }),
      z.object({ predictions: z.string().optional() }),
    ])
    .optional(),
  release: z
    .object({ version: z.string().max(64), tag: z.string().max(200).optional(), stage: z.string().max(64).optional() })
    .optional(),
  metrics: metricMap,
  confusion_matrix: confusionMatrix.optional(),
  cost: cost.optional(),
  curves: z
    .object({
      roc: z.object({ fpr: z.array(num.min(0).max(1)).max(101), tpr: z.array(num.min(0).max(1)).max(101) }).optional(),
    })
    .optional(),
});

const direction = z.enum(["higher", "lower"]);
const verdict = z.enum(["better", "worse", "same"]);

const metricDelta = z.object({
  head: nullableNum,
  baseline: nullableNum,
  delta: nullableNum,
  ci_low: nullableNum,
  ci_high: nullableNum,
  significant: z.boolean(),
  direction,
  verdict,
  std_error: nullableNum.optional(),
  p_value: nullableNum.optional(),
  detectable_change: nullableNum.optional(),
  q_value: nullableNum.optional(),
});

export const evaluationFileSchema = z.object({
  schema: z.literal("mlci/evaluation@1"),
  name: z.string().min(1),
  task: z.enum(["binary", "multiclass", "regression"]),
  data: z.object({ path: z.string().optional(), rows: num.optional() }).optional(),
  target: z.string().optional(),
  head: modelSide,
  baseline: modelSide.nullable().optional(),
  comparison: z
    .object({
      method: z.string().optional(),
      resamples: num.optional(),
      seed: num.optional(),
      confidence: num.optional(),
      deltas: z.record(z.string(), metricDelta),
    })
    .optional(),
  slices: z
    .array(
      z.object({
        column: z.string(),
        segment: z.string(),
        rows: num,
        head: metricMap,
        baseline: metricMap.optional(),
        deltas: z.record(z.string(), metricDelta.partial()).optional(),
        regressed: z.boolean(),
      }),
    )
    .optional(),
  slice_tests: z
    .object({
      method: z.string(),
      fdr: num,
      p_value: z.string().optional(),
      tests: num,
      min_effect: z.object({ absolute: num, relative: num }).optional(),
      flagged: num.optional(),
    })
    .optional(),
  gates: z
    .array(
      z.object({
        metric: z.string(),
        kind: z.string(),
        threshold: num,
        observed: nullableNum,
        passed: z.boolean(),
        reason: z.string(),
        relative: z.boolean().optional(),
        detectable_drop: num.optional(),
        warning: z.string().optional(),
      }),
    )
    .optional(),
  passed: z.boolean(),
});

export const validationFileSchema = z.object({
  schema: z.literal("mlci/validation@1"),
  passed: z.boolean(),
  data: z.object({ path: z.string().optional(), rows: num.optional(), columns: num.optional() }).optional(),
  contract: z.string().optional(),
  summary: z.object({ checks: num, failed_errors: num, failed_warnings: num }),
  checks: z.array(
    z.object({
      column: z.string().nullable(),
      check: z.string(),
      name: z.string().optional(),
      severity: z.enum(["error", "warn"]),
      passed: z.boolean(),
      failing_rows: num,
      message: z.string(),
    }),
  ),
});

export const historyFileSchema = z.object({
  schema: z.literal("mlci/history@1"),
  model: z.string().optional(),
  versions: z.array(z.object({ version: z.string(), metrics: metricMap })),
});

function parseJsonFile<S extends z.ZodType>(
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
    parsed.error.issues.slice(0, 10).map((issue) => ({
      kind: "input" as const,
      message: `${what}: ${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}`,
      location: { file },
      fix: `write ${what} with the mlci version that reads it (see docs/report.md)`,
    })),
  );
}

export function parseEvaluation(text: string, file: string): Result<Evaluation, Problem[]> {
  return parseJsonFile(text, file, evaluationFileSchema, "evaluation.json") as Result<Evaluation, Problem[]>;
}

export function parseValidation(text: string, file: string): Result<Validation, Problem[]> {
  return parseJsonFile(text, file, validationFileSchema, "validation.json") as Result<Validation, Problem[]>;
}

export function parseHistory(text: string, file: string): Result<HistoryPoint[], Problem[]> {
  const parsed = parseJsonFile(text, file, historyFileSchema, "history.json");
  return parsed.ok ? ok(parsed.value.versions as HistoryPoint[]) : parsed;
}
