/**
 * drift.json (schema "mlci/drift@1"): per-feature drift between a reference and a current profile,
 * written by `mlci drift` and read by the drift action and the drift issue. This zod schema is the one
 * description of the file: the TypeScript types below are inferred from it and
 * schemas/drift.schema.json is generated from it (`npm run schemas`).
 */
import { z } from "zod";
import { DRIFT_METHODS } from "../config/drift-section.js";
import type { Problem } from "../problem.js";
import type { Result } from "../result.js";
import { parseResultFile } from "../results/parse-result-file.js";

export const DRIFT_SCHEMA = "mlci/drift@1";

const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1);
const statistic = z.number().nonnegative();

/** Every statistic that applies to the column, whichever one decides. */
const driftStatistics = z.strictObject({
  psi: z.number().nonnegative(),
  jensen_shannon: z.number().nonnegative().describe("Natural log: at most sqrt(ln 2)."),
  wasserstein: z.number().nonnegative().optional().describe("In units of the reference standard deviation."),
  ks: z.strictObject({ statistic, p_value: share }).optional(),
  chi_square: z.strictObject({ statistic, p_value: share, dof: count }).optional(),
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
    mean: z.number().nullable(),
    median: z.number().nullable(),
    p95: z.number().nullable(),
    min: z.number().nullable(),
    max: z.number().nullable(),
  })
  .meta({ id: "numericFigures" });

const featureFigures = z
  .strictObject({
    /** Numbers: summary figures of each side. */
    reference: numericFigures.optional(),
    current: numericFigures.optional(),
    /**
     * A histogram both sides share: numbers have `edges` (bins + 1 values), categories `categories`;
     * shares are fractions of each side's non-missing rows.
     */
    histogram: z.strictObject({
      edges: z.array(z.number()).optional(),
      categories: z.array(z.string()).optional(),
      reference: z.array(share),
      current: z.array(share),
    }),
  })
  .describe(
    "Drifted features only: each side's figures (numbers) and a histogram on shared bins (shares of non-missing rows), for the drift issue.",
  );

const featureDrift = z
  .strictObject({
    type: z.enum(["numeric", "categorical", "boolean"]),
    method: z.enum(DRIFT_METHODS),
    score: z
      .number()
      .nullable()
      .describe(
        "The deciding statistic: a distance (drift when >= threshold) or, for ks and chi_square, the p-value (drift when < threshold).",
      ),
    threshold: z.number(),
    drifted: z.boolean().describe("Distribution drift or missing-share drift."),
    severe: z.boolean().describe("Drift far past the threshold (default 2x): fails the run on its own."),
    p_value: share.optional(),
    reference_count: count,
    current_count: count,
    statistics: driftStatistics.nullable(),
    missing: missingShareDrift,
    figures: featureFigures.optional(),
  })
  .meta({ id: "feature" });

const side = z.strictObject({ source: z.string(), rows: count }).meta({ id: "side" });

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
      .describe("accuracy: largest tolerated absolute drop; rmse: largest tolerated relative increase."),
    drifted: z.boolean(),
  })
  .describe("Model performance against the reference's (both sides profiled with --model and labels).");

export const driftFileSchema = z
  .strictObject({
    schema: z.literal(DRIFT_SCHEMA),
    /**
     * The run fails: the share of drifted features reached the threshold, a feature drifted far past
     * its threshold, a critical feature drifted, or the predictions or performance drifted.
     */
    drifted: z.boolean().describe("The run fails: one of the rules in reasons fired."),
    reasons: z.array(z.string()).describe("Why the run fails, one sentence per rule that fired."),
    share: share.describe("Share of tested features that drifted."),
    share_threshold: z.number().gt(0).max(1),
    drifted_features: z.array(z.string()),
    severe_features: z.array(z.string()).describe("Features drifted far past their threshold."),
    critical_features: z
      .array(z.string())
      .describe("Features listed under drift.critical that drifted or are missing from the current data."),
    reference: side,
    current: side,
    features: z.record(z.string(), featureDrift),
    skipped: z.array(skippedColumn),
    prediction: z
      .record(z.string(), featureDrift)
      .optional()
      .describe("Drift of the model's predictions: value (regression, or positive-class probability) and label."),
    performance: performanceDrift.optional(),
  })
  .meta({
    title: "mlci drift",
    description: "mlci/drift@1: per-feature drift between a reference and a current profile.",
  });

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
