import { z } from "zod";
import type { Problem } from "../problem.js";
import { err, ok, type Result } from "../result.js";
import type { DatasetProfile } from "./dataset-profile.js";
import { PROFILE_SCHEMA } from "./dataset-profile.js";

/**
 * Reads profile.json back with a check of its shape, so that a hand-edited or foreign file fails with
 * the path of the bad field instead of a crash deep inside a statistic.
 */
const count = z.number().int().nonnegative();
const hll = z.strictObject({ precision: z.number().int().min(4).max(16), hash: z.string(), registers: z.string() });
const store = z.strictObject({ offset: z.number().int(), counts: z.array(count) });
const distinct = { distinct: count.nullable(), hll: hll.nullable() };
const base = { count, missing: count };

const columnProfile = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("numeric"),
    ...base,
    ...distinct,
    mean: z.number().nullable(),
    m2: z.number().nonnegative(),
    std: z.number().nonnegative().nullable(),
    min: z.number().nullable(),
    max: z.number().nullable(),
    sketch: z.strictObject({ alpha: z.number().gt(0).lt(1), zero: count, positive: store, negative: store }),
  }),
  z.strictObject({
    type: z.literal("categorical"),
    ...base,
    ...distinct,
    top: z.array(z.tuple([z.string(), count])),
    other: count,
  }),
  z.strictObject({ type: z.literal("boolean"), ...base, true_count: count }),
  z.strictObject({
    type: z.literal("timestamp"),
    ...base,
    ...distinct,
    min: z.string().nullable(),
    max: z.string().nullable(),
  }),
]);

export const datasetProfileSchema = z.strictObject({
  schema: z.literal(PROFILE_SCHEMA),
  source: z.string(),
  parts: z.array(z.string()).optional(),
  rows: count,
  columns: z.record(z.string(), columnProfile),
  predictions: z.record(z.string(), columnProfile).optional(),
  performance: z
    .discriminatedUnion("task", [
      z.strictObject({ task: z.enum(["binary", "multiclass"]), rows: count, correct: count }),
      z.strictObject({
        task: z.literal("regression"),
        rows: count,
        sum_abs_error: z.number().nonnegative(),
        sum_squared_error: z.number().nonnegative(),
      }),
    ])
    .optional(),
});

/** True when parsed JSON claims to be a profile (it is then validated by `parseProfile`). */
export function looksLikeProfile(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as { schema?: unknown }).schema === PROFILE_SCHEMA;
}

export function parseProfile(value: unknown, file: string): Result<DatasetProfile, Problem[]> {
  const parsed = datasetProfileSchema.safeParse(value);
  if (parsed.success) return ok(parsed.data as DatasetProfile);
  return err(
    parsed.error.issues.slice(0, 5).map((issue) => ({
      kind: "input" as const,
      message: `not a valid ${PROFILE_SCHEMA} profile: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
      location: { file },
      fix: "make the file with `mlci profile` (or `mlci profile merge`) of this version",
    })),
  );
}
