import * as z from "zod/mini";
import "../zod-messages.js";
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
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  size_bytes: z.int().check(z.nonnegative()),
});

export const releaseAssetKinds = ["model", "evaluation", "profile", "contract", "lineage"] as const;

const assetSchema = z.strictObject({
  /** File name of the asset on the release (and under .mlci/releases/<name>/<version>/). */
  name: z.string(),
  kind: z.enum(releaseAssetKinds),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  size_bytes: z.int().check(z.nonnegative()),
});
export type ReleaseAsset = z.infer<typeof assetSchema>;

const metricSchema = z.strictObject({
  value: z.nullable(z.number()),
  /** The same metric in the previous version's release.json. */
  previous: z.optional(z.nullable(z.number())),
  /** Paired-bootstrap interval of (this - baseline) from evaluation.json, when a baseline was evaluated. */
  delta: z.optional(z.nullable(z.number())),
  ci_low: z.optional(z.nullable(z.number())),
  ci_high: z.optional(z.nullable(z.number())),
  significant: z.optional(z.boolean()),
  verdict: z.optional(z.enum(["better", "worse", "same"])),
});
export type ReleaseMetric = z.infer<typeof metricSchema>;

/** A gate of the evaluation the version was released with: what was checked and what was seen. */
const gateSchema = z.strictObject({
  /** A metric name, or latency_p95_ms / size_mb. */
  metric: z.string(),
  kind: z.enum(GATE_KINDS),
  threshold: z.number(),
  /** max_drop: threshold and observed drop are fractions of the baseline's value. */
  relative: z.optional(z.boolean()),
  /** What was measured (the drop for max_drop); null when it could not be (then not checked). */
  observed: z.nullable(z.number()),
  passed: z.boolean(),
});
export type ReleaseGate = z.infer<typeof gateSchema>;

/** A segment significantly worse than the baseline, on its worst metric (evaluation/worst-metric.ts). */
const regressedSliceSchema = z.strictObject({
  column: z.string(),
  segment: z.string(),
  rows: z.int().check(z.nonnegative()),
  metric: z.string(),
  baseline: z.nullable(z.number()),
  head: z.nullable(z.number()),
  delta: z.nullable(z.number()),
  ci_low: z.nullable(z.number()),
  ci_high: z.nullable(z.number()),
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
    previous: z.nullable(z.strictObject({ version: z.string(), tag: z.string() })),
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
      size_bytes: z.int().check(z.nonnegative()),
      signature: z.nullable(modelSignatureSchema),
    }),
    evaluation: z.nullable(
      z.strictObject({
        task: z.optional(z.string()),
        data: z.optional(z.strictObject({ path: z.string(), rows: z.optional(z.number()) })),
        target: z.optional(z.string()),
        /** What the deltas compare against: a version of this model when the baseline's hash matches one. */
        baseline: z.nullable(z.string()),
        confidence: z.optional(z.number()),
        metrics: z.record(z.string(), metricSchema),
        gates_passed: z.optional(z.boolean()),
        /** The gates of mlci.yml with their verdicts. */
        gates: z.optional(z.array(gateSchema)),
        /** Slices: how many segments were compared and which got significantly worse than the baseline. */
        slices: z.optional(
          z.strictObject({
            compared: z.int().check(z.nonnegative()),
            regressed: z.int().check(z.nonnegative()),
            /** The worst regressed segments, worst first (at most MAX_RELEASE_REGRESSED_SLICES). */
            worst: z.array(regressedSliceSchema).check(z.maxLength(MAX_RELEASE_REGRESSED_SLICES)),
          }),
        ),
        latency_ms_p95: z.optional(z.number()),
      }),
    ),
    /** Fingerprints of the training data (from lineage.json). */
    data: z.array(z.strictObject({ path: z.string(), sha256: z.string(), bytes: z.optional(z.number()) })),
    contract: z.nullable(fileRefSchema),
    /** Summary of the reference data profile (profile.json), when one was released. */
    profile: z.nullable(
      z.strictObject({
        source: z.optional(z.string()),
        rows: z.number(),
        columns: z.record(z.string(), z.strictObject({ type: z.string(), missing: z.optional(z.number()) })),
      }),
    ),
    lineage: z.nullable(
      z.strictObject({
        commit: z.optional(z.string()),
        branch: z.optional(z.string()),
        run_url: z.optional(z.string()),
        pr: z.optional(z.number()),
        command: z.optional(z.array(z.string())),
        params: z.optional(z.record(z.string(), z.unknown())),
        started_at: z.optional(z.string()),
        duration_ms: z.optional(z.number()),
      }),
    ),
    card: z.strictObject({ intended_use: z.optional(z.string()), limitations: z.optional(z.string()) }),
    assets: z.array(assetSchema),
  })
  .check(z.meta({ title: "mlci release.json: one model version" }));
export type ReleaseRecord = z.infer<typeof releaseRecordSchema>;

/** The asset every release carries besides its listed assets: the record itself. */
export const RELEASE_RECORD_ASSET = "release.json";
/** The model card, rendered from the record; also the release body. */
export const MODEL_CARD_ASSET = "MODEL_CARD.md";
