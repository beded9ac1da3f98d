import { z } from "zod";
import { GATE_KINDS } from "../evaluation/types.js";
import { modelSignatureSchema } from "./signature.js";

/**
 * release.json: what a model version is, written next to its assets and attached to its release. The
 * next release reads the previous one's signature and metrics from it; `mlci models show` prints it.
 * schemas/release.schema.json is generated from this schema (`npm run schemas`, see
 * results/result-files.ts) and a test keeps the two equal.
 */
export const RELEASE_SCHEMA_ID = "mlci/release@1";

const fileRefSchema = z.strictObject({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size_bytes: z.number().int().nonnegative(),
});

export const releaseAssetKinds = ["model", "evaluation", "profile", "contract", "lineage"] as const;

const assetSchema = z.strictObject({
  /** File name of the asset on the release (and under .mlci/releases/<name>/<version>/). */
  name: z.string(),
  kind: z.enum(releaseAssetKinds),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size_bytes: z.number().int().nonnegative(),
});
export type ReleaseAsset = z.infer<typeof assetSchema>;

const metricSchema = z.strictObject({
  value: z.number().nullable(),
  /** The same metric in the previous version's release.json. */
  previous: z.number().nullable().optional(),
  /** Paired-bootstrap interval of (this - baseline) from evaluation.json, when a baseline was evaluated. */
  delta: z.number().nullable().optional(),
  ci_low: z.number().nullable().optional(),
  ci_high: z.number().nullable().optional(),
  significant: z.boolean().optional(),
  verdict: z.enum(["better", "worse", "same"]).optional(),
});
export type ReleaseMetric = z.infer<typeof metricSchema>;

/** A gate of the evaluation the version was released with: what was checked and what was seen. */
const gateSchema = z.strictObject({
  /** A metric name, or latency_p95_ms / size_mb. */
  metric: z.string(),
  kind: z.enum(GATE_KINDS),
  threshold: z.number(),
  /** max_drop: threshold and observed drop are fractions of the baseline's value. */
  relative: z.boolean().optional(),
  /** What was measured (the drop for max_drop); null when it could not be (then not checked). */
  observed: z.number().nullable(),
  passed: z.boolean(),
});
export type ReleaseGate = z.infer<typeof gateSchema>;

/** A segment significantly worse than the baseline, on its worst metric (evaluation/worst-metric.ts). */
const regressedSliceSchema = z.strictObject({
  column: z.string(),
  segment: z.string(),
  rows: z.number().int().nonnegative(),
  metric: z.string(),
  baseline: z.number().nullable(),
  head: z.number().nullable(),
  delta: z.number().nullable(),
  ci_low: z.number().nullable(),
  ci_high: z.number().nullable(),
});
export type ReleaseRegressedSlice = z.infer<typeof regressedSliceSchema>;

/** The regressed slices kept in release.json: the worst ones; evaluation.json (an asset) has them all. */
export const MAX_RELEASE_REGRESSED_SLICES = 10;

export const releaseRecordSchema = z
  .strictObject({
    schema: z.literal(RELEASE_SCHEMA_ID),
    name: z.string(),
    version: z.string(),
    tag: z.string(),
    commit: z.string(),
    created_at: z.string(),
    previous: z.strictObject({ version: z.string(), tag: z.string() }).nullable(),
    bump: z.strictObject({
      level: z.enum(["major", "minor", "patch", "first", "explicit"]),
      source: z.enum(["explicit", "label", "auto"]),
      reasons: z.array(z.string()),
    }),
    model: z.strictObject({
      path: z.string(),
      /** The asset name of the model file. */
      asset: z.string(),
      sha256: z.string(),
      size_bytes: z.number().int().nonnegative(),
      signature: modelSignatureSchema.nullable(),
    }),
    evaluation: z
      .strictObject({
        task: z.string().optional(),
        data: z.strictObject({ path: z.string(), rows: z.number().optional() }).optional(),
        target: z.string().optional(),
        /** What the deltas compare against: a version of this model when the baseline's hash matches one. */
        baseline: z.string().nullable(),
        confidence: z.number().optional(),
        metrics: z.record(z.string(), metricSchema),
        gates_passed: z.boolean().optional(),
        /** The gates of mlci.yml with their verdicts. */
        gates: z.array(gateSchema).optional(),
        /** Slices: how many segments were compared and which got significantly worse than the baseline. */
        slices: z
          .strictObject({
            compared: z.number().int().nonnegative(),
            regressed: z.number().int().nonnegative(),
            /** The worst regressed segments, worst first (at most MAX_RELEASE_REGRESSED_SLICES). */
            worst: z.array(regressedSliceSchema).max(MAX_RELEASE_REGRESSED_SLICES),
          })
          .optional(),
        latency_ms_p95: z.number().optional(),
      })
      .nullable(),
    /** Fingerprints of the training data (from lineage.json). */
    data: z.array(z.strictObject({ path: z.string(), sha256: z.string(), bytes: z.number().optional() })),
    contract: fileRefSchema.nullable(),
    /** Summary of the reference data profile (profile.json), when one was released. */
    profile: z
      .strictObject({
        source: z.string().optional(),
        rows: z.number(),
        columns: z.record(z.string(), z.strictObject({ type: z.string(), missing: z.number().optional() })),
      })
      .nullable(),
    lineage: z
      .strictObject({
        commit: z.string().optional(),
        branch: z.string().optional(),
        run_url: z.string().optional(),
        pr: z.number().optional(),
        command: z.array(z.string()).optional(),
        params: z.record(z.string(), z.unknown()).optional(),
        started_at: z.string().optional(),
        duration_ms: z.number().optional(),
      })
      .nullable(),
    card: z.strictObject({ intended_use: z.string().optional(), limitations: z.string().optional() }),
    assets: z.array(assetSchema),
  })
  .meta({ title: "mlci release.json: one model version" });
export type ReleaseRecord = z.infer<typeof releaseRecordSchema>;

/** The asset every release carries besides its listed assets: the record itself. */
export const RELEASE_RECORD_ASSET = "release.json";
/** The model card, rendered from the record; also the release body. */
export const MODEL_CARD_ASSET = "MODEL_CARD.md";
