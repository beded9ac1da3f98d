/**
 * profile.json (schema "mlci/profile@1"): the mergeable profile of a dataset, written by `mlci profile`
 * and read by `mlci drift`, `mlci profile merge` and releases. This zod schema is the one description
 * of the file: the TypeScript types below are inferred from it and schemas/profile.schema.json is
 * generated from it (`npm run schemas`). Every column field is either exact and mergeable (count,
 * missing, moments, min, max, bucket counts, HyperLogLog registers) or derived from those (std,
 * distinct). NaN and infinite numbers count as missing: they have no place on a distance scale.
 */
import * as z from "zod/mini";
import type { Problem } from "../problem.js";
import type { Result } from "../result.js";
import { parseResultFile } from "../results/parse-result-file.js";
import "../zod-messages.js";
import { PROFILE_SCHEMA } from "./profile-format.js";

const count = z.int().check(z.nonnegative());

const hyperLogLog = z
  .strictObject({
    precision: z.int().check(z.gte(4), z.lte(16)),
    /** Which hash function produced the registers; sketches merge only with the same hash. */
    hash: z.string(),
    /** One base64 character per register (value 0-63). */
    registers: z.string().check(z.regex(/^[A-Za-z0-9+/]*$/)),
  })
  .check(
    z.meta({
      id: "hyperLogLog",
      description: "HyperLogLog: one base64 character (6-bit register) per register; merges only with the same hash.",
    }),
  );

/** Bucket counts of one sign: counts[k] belongs to bucket index offset + k. */
const bucketStore = z
  .strictObject({ offset: z.int().check(z.describe("Bucket index of counts[0].")), counts: z.array(count) })
  .check(z.meta({ id: "bucketStore" }));

const logBucketSketch = z
  .strictObject({
    alpha: z.number().check(z.gt(0), z.lt(1)),
    zero: count,
    positive: bucketStore,
    negative: bucketStore,
  })
  .check(
    z.describe(
      "Log-bucket quantile sketch: bucket i holds magnitudes in (gamma^(i-1), gamma^i], gamma = (1+alpha)/(1-alpha).",
    ),
  );

const topCategories = {
  /** [value, count] pairs, most frequent first, ties by value. */
  top: z
    .array(z.tuple([z.string(), count]))
    .check(z.describe("[value, count] pairs, most frequent first, ties by value.")),
  /** Non-missing values not in `top`. */
  other: count.check(z.describe("Non-missing values not in top.")),
};

const distinctSketch = {
  /** Estimated number of distinct non-missing values (exact when the top list is complete). */
  distinct: z.nullable(count),
  hll: z.nullable(hyperLogLog),
};

const columnBase = {
  count: count.check(z.describe("Non-missing values.")),
  missing: count.check(z.describe("NULL, NaN and infinite values.")),
};

const numericColumn = z.strictObject({
  type: z.literal("numeric"),
  ...columnBase,
  ...distinctSketch,
  mean: z.nullable(z.number()),
  m2: z.number().check(z.nonnegative(), z.describe("Sum of squared deviations from the mean.")),
  std: z.nullable(z.number().check(z.nonnegative())).check(z.describe("Population standard deviation.")),
  min: z.nullable(z.number()),
  max: z.nullable(z.number()),
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
  min: z.nullable(z.string()).check(z.describe("ISO 8601 in UTC.")),
  max: z.nullable(z.string()).check(z.describe("ISO 8601 in UTC.")),
});

const columnProfile = z
  .discriminatedUnion("type", [numericColumn, categoricalColumn, booleanColumn, timestampColumn])
  .check(z.meta({ id: "column" }));

/** Model performance in mergeable form (sums, not ratios), so that shards merge. */
const performanceProfile = z
  .discriminatedUnion("task", [
    z.strictObject({ task: z.enum(["binary", "multiclass"]), rows: count, correct: count }),
    z.strictObject({
      task: z.literal("regression"),
      rows: count,
      sum_abs_error: z.number().check(z.nonnegative()),
      sum_squared_error: z.number().check(z.nonnegative()),
    }),
  ])
  .check(
    z.describe(
      "The model's quality on the profiled data (mergeable sums), present with --model when the target column exists.",
    ),
  );

export const profileFileSchema = z
  .strictObject({
    schema: z.literal(PROFILE_SCHEMA),
    /** The data that was profiled (file, glob, URL or table), or the profiles merged. */
    source: z.string().check(z.describe("The data profiled, or 'merge of N profiles'.")),
    /** Sources of the shard profiles this profile was merged from. */
    parts: z.optional(z.array(z.string())).check(z.describe("Sources of merged shard profiles.")),
    rows: count,
    columns: z.record(z.string(), columnProfile),
    /** Profile of a model's predictions on this data (`--model`), keyed by output name. */
    predictions: z
      .optional(z.record(z.string(), columnProfile))
      .check(z.describe("Profile of a model's predictions on the data (--model), keyed by output name.")),
    performance: z.optional(performanceProfile),
  })
  .check(z.meta({ title: "mlci profile", description: "mlci/profile@1: a mergeable data profile." }));

export type DatasetProfile = z.infer<typeof profileFileSchema>;
export type ColumnProfile = z.infer<typeof columnProfile>;
export type ProfileColumnType = ColumnProfile["type"];
export type NumericColumnProfile = z.infer<typeof numericColumn>;
export type CategoricalColumnProfile = z.infer<typeof categoricalColumn>;
export type BooleanColumnProfile = z.infer<typeof booleanColumn>;
export type TimestampColumnProfile = z.infer<typeof timestampColumn>;
export type DistinctSketch = z.infer<z.ZodMiniObject<typeof distinctSketch>>;
export type TopCategories = z.infer<z.ZodMiniObject<typeof topCategories>>;
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
