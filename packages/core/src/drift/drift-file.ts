/**
 * drift.json (schema "mlci/drift@1"): per-feature drift between a reference and a current profile,
 * written by `mlci drift` and read by the drift action and the drift issue. This zod schema is the one
 * description of the file: the TypeScript types below are inferred from it and
 * schemas/drift.schema.json is generated from it (`npm run schemas`).
 */
import * as z from "zod/mini";
import { DRIFT_METHODS } from "../config/drift-section.js";
import type { Problem } from "../problem.js";
import type { Result } from "../result.js";
import { parseResultFile } from "../results/parse-result-file.js";
import "../zod-messages.js";

export const DRIFT_SCHEMA = "mlci/drift@1";

const count = z.int().check(z.nonnegative());
const share = z.number().check(z.gte(0), z.lte(1));
const statistic = z.number().check(z.nonnegative());

/** Every statistic that applies to the column, whichever one decides. */
const driftStatistics = z.strictObject({
  psi: z.number().check(z.nonnegative()),
  jensen_shannon: z.number().check(z.nonnegative(), z.describe("Natural log: at most sqrt(ln 2).")),
  wasserstein: z
    .optional(z.number().check(z.nonnegative()))
    .check(z.describe("In units of the reference standard deviation.")),
  ks: z.optional(z.strictObject({ statistic, p_value: share })),
  chi_square: z.optional(z.strictObject({ statistic, p_value: share, dof: count })),
});

const missingShareDrift = z.strictObject({
  reference: share,
  current: share,
  delta: z.number(),
  threshold: z.number(),
  drifted: z.boolean(),
  /** The change reached the severe factor times the threshold. */
  severe: z.boolean(),
});

const numericFigures = z
  .strictObject({
    mean: z.nullable(z.number()),
    median: z.nullable(z.number()),
    p95: z.nullable(z.number()),
    min: z.nullable(z.number()),
    max: z.nullable(z.number()),
  })
  .check(z.meta({ id: "numericFigures" }));

const featureFigures = z
  .strictObject({
    /** Numbers: summary figures of each side. */
    reference: z.optional(numericFigures),
    current: z.optional(numericFigures),
    /**
     * A histogram both sides share: numbers have `edges` (bins + 1 values), categories `categories`;
     * shares are fractions of each side's non-missing rows.
     */
    histogram: z.strictObject({
      edges: z.optional(z.array(z.number())),
      categories: z.optional(z.array(z.string())),
      reference: z.array(share),
      current: z.array(share),
    }),
  })
  .check(
    z.describe(
      "Drifted features only: each side's figures (numbers) and a histogram on shared bins (shares of non-missing rows), for the drift issue.",
    ),
  );

const featureDrift = z
  .strictObject({
    type: z.enum(["numeric", "categorical", "boolean"]),
    method: z.enum(DRIFT_METHODS),
    score: z
      .nullable(z.number())
      .check(
        z.describe(
          "The deciding statistic: a distance (drift when >= threshold) or, for ks and chi_square, the p-value (drift when < threshold).",
        ),
      ),
    threshold: z.number(),
    drifted: z.boolean().check(z.describe("Distribution drift or missing-share drift.")),
    severe: z.boolean().check(z.describe("Drift far past the threshold (default 2x): fails the run on its own.")),
    p_value: z.optional(share),
    reference_count: count,
    current_count: count,
    statistics: z.nullable(driftStatistics),
    missing: missingShareDrift,
    figures: z.optional(featureFigures),
  })
  .check(z.meta({ id: "feature" }));

const side = z.strictObject({ source: z.string(), rows: count }).check(z.meta({ id: "side" }));

const skippedColumn = z.strictObject({ column: z.string(), reason: z.string() });

const performanceDrift = z
  .strictObject({
    metric: z.enum(["accuracy", "rmse"]),
    reference: z.number(),
    current: z.number(),
    /** current - reference. */
    delta: z.number(),
    threshold: z
      .number()
      .check(z.describe("accuracy: largest tolerated absolute drop; rmse: largest tolerated relative increase.")),
    drifted: z.boolean(),
  })
  .check(z.describe("Model performance against the reference's (both sides profiled with --model and labels)."));

export const driftFileSchema = z
  .strictObject({
    schema: z.literal(DRIFT_SCHEMA),
    /**
     * The run fails: the share of drifted features reached the threshold, a feature drifted far past
     * its threshold, a critical feature drifted, or the predictions or performance drifted.
     */
    drifted: z.boolean().check(z.describe("The run fails: one of the rules in reasons fired.")),
    reasons: z.array(z.string()).check(z.describe("Why the run fails, one sentence per rule that fired.")),
    share: share.check(z.describe("Share of tested features that drifted.")),
    share_threshold: z.number().check(z.gt(0), z.lte(1)),
    drifted_features: z.array(z.string()),
    severe_features: z.array(z.string()).check(z.describe("Features drifted far past their threshold.")),
    critical_features: z
      .array(z.string())
      .check(z.describe("Features listed under drift.critical that drifted or are missing from the current data.")),
    reference: side,
    current: side,
    features: z.record(z.string(), featureDrift),
    skipped: z.array(skippedColumn),
    prediction: z
      .optional(z.record(z.string(), featureDrift))
      .check(
        z.describe("Drift of the model's predictions: value (regression, or positive-class probability) and label."),
      ),
    performance: z.optional(performanceDrift),
  })
  .check(
    z.meta({
      title: "mlci drift",
      description: "mlci/drift@1: per-feature drift between a reference and a current profile.",
    }),
  );

export type DriftReport = z.infer<typeof driftFileSchema>;
export type FeatureDrift = z.infer<typeof featureDrift>;
export type DriftStatistics = z.infer<typeof driftStatistics>;
export type MissingShareDrift = z.infer<typeof missingShareDrift>;
export type FeatureFigures = z.infer<typeof featureFigures>;
export type NumericFigures = z.infer<typeof numericFigures>;
export type SkippedColumn = z.infer<typeof skippedColumn>;
export type PerformanceDrift = z.infer<typeof performanceDrift>;

/** Reads drift.json back with a check of its shape: a problem names the file and the bad field. */
export function parseDriftReport(value: unknown, file: string): Result<DriftReport, Problem[]> {
  return parseResultFile(
    driftFileSchema,
    value,
    file,
    `${DRIFT_SCHEMA} report`,
    "write the file with `mlci drift` of this version",
  );
}
