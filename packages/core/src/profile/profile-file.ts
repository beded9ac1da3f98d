/**
 * profile.json (schema "mlci/profile@1"): the mergeable profile of a dataset, written by `mlci profile`
 * and read by `mlci drift`, `mlci profile merge` and releases. This zod schema is the one description
 * of the file: the TypeScript types below are inferred from it and schemas/profile.schema.json is
 * generated from it (`npm run schemas`). Every column field is either exact and mergeable (count,
 * missing, moments, min, max, bucket counts, HyperLogLog registers) or derived from those (std,
 * distinct). NaN and infinite numbers count as missing: they have no place on a distance scale.
 */
import { z } from "zod";
import type { Problem } from "../problem.js";
import type { Result } from "../result.js";
import { parseResultFile } from "../results/parse-result-file.js";
import { PROFILE_SCHEMA } from "./profile-format.js";

const count = z.number().int().nonnegative();

const hyperLogLog = z
  .strictObject({
    precision: z.number().int().min(4).max(16),
    /** Which hash function produced the registers; sketches merge only with the same hash. */
    hash: z.string(),
    /** One base64 character per register (value 0-63). */
    registers: z.string().regex(/^[A-Za-z0-9+/]*$/),
  })
  .meta({
    id: "hyperLogLog",
    description: "HyperLogLog: one base64 character (6-bit register) per register; merges only with the same hash.",
  });

/** Bucket counts of one sign: counts[k] belongs to bucket index offset + k. */
const bucketStore = z
  .strictObject({ offset: z.number().int().describe("Bucket index of counts[0]."), counts: z.array(count) })
  .meta({ id: "bucketStore" });

const logBucketSketch = z
  .strictObject({ alpha: z.number().gt(0).lt(1), zero: count, positive: bucketStore, negative: bucketStore })
  .describe(
    "Log-bucket quantile sketch: bucket i holds magnitudes in (gamma^(i-1), gamma^i], gamma = (1+alpha)/(1-alpha).",
  );

const topCategories = {
  /** [value, count] pairs, most frequent first, ties by value. */
  top: z.array(z.tuple([z.string(), count])).describe("[value, count] pairs, most frequent first, ties by value."),
  /** Non-missing values not in `top`. */
  other: count.describe("Non-missing values not in top."),
};

const distinctSketch = {
  /** Estimated number of distinct non-missing values (exact when the top list is complete). */
  distinct: count.nullable(),
  hll: hyperLogLog.nullable(),
};

const columnBase = {
  count: count.describe("Non-missing values."),
  missing: count.describe("NULL, NaN and infinite values."),
};

const numericColumn = z.strictObject({
  type: z.literal("numeric"),
  ...columnBase,
  ...distinctSketch,
  mean: z.number().nullable(),
  m2: z.number().nonnegative().describe("Sum of squared deviations from the mean."),
  std: z.number().nonnegative().nullable().describe("Population standard deviation."),
  min: z.number().nullable(),
  max: z.number().nullable(),
  sketch: logBucketSketch,
});

const categoricalColumn = z.strictObject({
  type: z.literal("categorical"),
  ...columnBase,
  ...distinctSketch,
  ...topCategories,
});

const booleanColumn = z.strictObject({ type: z.literal("boolean"), ...columnBase, true_count: count });

const timestampColumn = z.strictObject({
  type: z.literal("timestamp"),
  ...columnBase,
  ...distinctSketch,
  min: z.string().nullable().describe("ISO 8601 in UTC."),
  max: z.string().nullable().describe("ISO 8601 in UTC."),
});

const columnProfile = z
  .discriminatedUnion("type", [numericColumn, categoricalColumn, booleanColumn, timestampColumn])
  .meta({ id: "column" });

/** Model performance in mergeable form (sums, not ratios), so that shards merge. */
const performanceProfile = z
  .discriminatedUnion("task", [
    z.strictObject({ task: z.enum(["binary", "multiclass"]), rows: count, correct: count }),
    z.strictObject({
      task: z.literal("regression"),
      rows: count,
      sum_abs_error: z.number().nonnegative(),
      sum_squared_error: z.number().nonnegative(),
    }),
  ])
  .describe(
    "The model's quality on the profiled data (mergeable sums), present with --model when the target column exists.",
  );

export const profileFileSchema = z
  .strictObject({
    schema: z.literal(PROFILE_SCHEMA),
    /** The data that was profiled (file, glob, URL or table), or the profiles merged. */
    source: z.string().describe("The data profiled, or 'merge of N profiles'."),
    /** Sources of the shard profiles this profile was merged from. */
    parts: z.array(z.string()).optional().describe("Sources of merged shard profiles."),
    rows: count,
    columns: z.record(z.string(), columnProfile),
    /** Profile of a model's predictions on this data (`--model`), keyed by output name. */
    predictions: z
      .record(z.string(), columnProfile)
      .optional()
      .describe("Profile of a model's predictions on the data (--model), keyed by output name."),
    performance: performanceProfile.optional(),
  })
  .meta({ title: "mlci profile", description: "mlci/profile@1: a mergeable data profile." });

export type DatasetProfile = z.infer<typeof profileFileSchema>;
export type ColumnProfile = z.infer<typeof columnProfile>;
export type ProfileColumnType = ColumnProfile["type"];
export type NumericColumnProfile = z.infer<typeof numericColumn>;
export type CategoricalColumnProfile = z.infer<typeof categoricalColumn>;
export type BooleanColumnProfile = z.infer<typeof booleanColumn>;
export type TimestampColumnProfile = z.infer<typeof timestampColumn>;
export type DistinctSketch = z.infer<z.ZodObject<typeof distinctSketch>>;
export type TopCategories = z.infer<z.ZodObject<typeof topCategories>>;
export type HyperLogLog = z.infer<typeof hyperLogLog>;
export type LogBucketSketch = z.infer<typeof logBucketSketch>;
export type BucketStore = z.infer<typeof bucketStore>;
export type PerformanceProfile = z.infer<typeof performanceProfile>;

/**
 * Reads profile.json back with a check of its shape, so that a hand-edited or foreign file fails with
 * the path of the bad field instead of a crash deep inside a statistic.
 */
export function parseProfile(value: unknown, file: string): Result<DatasetProfile, Problem[]> {
  const fix = "make the file with `mlci profile` (or `mlci profile merge`) of this version";
  return parseResultFile(profileFileSchema, value, file, `${PROFILE_SCHEMA} profile`, fix);
}
