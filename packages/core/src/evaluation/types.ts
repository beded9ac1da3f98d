/**
 * evaluation.json (schema "mlci/evaluation@1"), written by `mlci evaluate` and read by reports, gates
 * and releases. This zod schema is the one description of the file: the TypeScript types below are
 * inferred from it and schemas/evaluation.schema.json is generated from it (`npm run schemas`).
 * Strict: unknown keys, metric names and gate kinds are refused, counts are whole and non-negative.
 */
import * as z from "zod/mini";
import "../zod-messages.js";
import { METRIC_NAMES } from "../metrics/names.js";
import type { Immutable } from "../results/immutable.js";
import { EVALUATION_SCHEMA_ID } from "./evaluation-format.js";

const count = z.int().check(z.nonnegative());
const sha256 = z.string().check(z.regex(/^[0-9a-f]{64}$/));
const metricName = z.enum(METRIC_NAMES);
const nullableNumber = z.nullable(z.number());
const probability = z.nullable(z.number().check(z.gte(0), z.lte(1)));

/** Metric values; null where the metric is undefined on these rows (e.g. ROC AUC with one class). */
const metricValues = z.partialRecord(metricName, nullableNumber).check(z.meta({ id: "metrics" }));

/** Where a model's predictions came from: an ONNX file, or a predictions file (non-ONNX models). */
const modelSource = z.union([
  z.strictObject({ path: z.string(), sha256, size_bytes: count }),
  z.strictObject({ predictions: z.string() }),
]);

const latencyPercentiles = z.strictObject({
  p50: z.number().check(z.nonnegative()),
  /** The median of the rounds' p95 when measured in rounds (latency.ts), else the p95 of all runs. */
  p95: z.number().check(z.nonnegative()),
  p99: z.number().check(z.nonnegative()),
  /** Rounds of the measurement, alternating between the models. */
  rounds: z.optional(count),
  /** Lowest and highest p95 of the rounds: the interval of the p95. */
  p95_low: z.optional(z.number().check(z.nonnegative())),
  p95_high: z.optional(z.number().check(z.nonnegative())),
});

const modelCost = z.strictObject({
  size_bytes: count,
  /** Single-row inference latency. */
  latency_ms: latencyPercentiles,
  throughput_rows_per_s: z.number().check(z.nonnegative()),
  /**
   * Peak memory of this model alone. Only where it was measured per model: both models of an
   * evaluation run in one process, whose peak is the evaluation's `peak_memory_bytes` instead.
   */
  peak_memory_bytes: z.optional(count),
});

/** Head p95 latency against the baseline's (latency.ts): "noisy" unless the rounds' intervals separate. */
const latencyComparison = z.strictObject({
  verdict: z.enum(["faster", "slower", "noisy"]),
  /** head p95 / baseline p95 - 1 (medians of the rounds). */
  change: z.number(),
});

const confusionMatrix = z.strictObject({
  labels: z.array(z.string()).check(z.minLength(2)),
  /** matrix[t][p]: rows of true class labels[t] predicted as labels[p]. */
  matrix: z.array(z.array(count)),
});

/** The released version a model is: the baseline when it was downloaded as NAME@production. */
const releaseReference = z
  .strictObject({
    version: z.string().check(z.maxLength(64)),
    tag: z.optional(z.string().check(z.maxLength(200))),
    stage: z.optional(z.string().check(z.maxLength(64))),
  })
  .check(z.describe("The released version this model is (a baseline downloaded as NAME@production)."));

/** Binary classifiers with probabilities: the ROC curve on an even grid (metrics/roc-curve.ts). */
const rocCurve = z.strictObject({
  fpr: z.array(z.number().check(z.gte(0), z.lte(1))).check(z.maxLength(101)),
  tpr: z.array(z.number().check(z.gte(0), z.lte(1))).check(z.maxLength(101)),
});

const modelEvaluation = z
  .strictObject({
    model: modelSource,
    release: z.optional(releaseReference),
    metrics: metricValues,
    confusion_matrix: z.optional(confusionMatrix),
    cost: z.optional(modelCost),
    curves: z
      .optional(z.strictObject({ roc: z.optional(rocCurve) }))
      .check(
        z.describe(
          "Curves for the report's charts: the ROC curve of a binary classifier, as true-positive rates at evenly spaced false-positive rates.",
        ),
      ),
  })
  .check(z.meta({ id: "modelEvaluation" }));

const direction = z.enum(["higher", "lower"]);
const verdict = z.enum(["better", "worse", "same"]);

const metricDelta = z.strictObject({
  head: nullableNumber,
  baseline: nullableNumber,
  /** head - baseline. */
  delta: nullableNumber,
  ci_low: nullableNumber,
  ci_high: nullableNumber,
  significant: z.boolean(),
  direction,
  verdict,
  /** Standard deviation of the replicate differences: the difference's standard error. */
  std_error: z
    .optional(z.nullable(z.number().check(z.nonnegative())))
    .check(z.describe("Standard deviation of the bootstrap replicate differences.")),
  p_value: z
    .optional(probability)
    .check(z.describe("Two-sided p-value of no difference (normal approximation from the bootstrap standard error).")),
  detectable_change: z
    .optional(z.nullable(z.number().check(z.nonnegative())))
    .check(z.describe("The smallest change in the worse direction this evaluation would call significant.")),
});

const comparison = z.strictObject({
  method: z.literal("paired-bootstrap"),
  resamples: z.int().check(z.gte(1)),
  seed: z.int(),
  confidence: z.number().check(z.gt(0), z.lt(1)),
  deltas: z.partialRecord(metricName, metricDelta),
});

/**
 * One segment's difference. `significant` is after the false-discovery-rate control across every
 * segment and metric (q_value <= the rate); the interval is the segment's own, unadjusted one.
 */
const sliceDelta = z.extend(
  z.pick(metricDelta, { delta: true, ci_low: true, ci_high: true, significant: true, verdict: true, p_value: true }),
  {
    q_value: z.optional(probability).check(z.describe("Benjamini-Hochberg adjusted p-value over all slice tests.")),
  },
);

/** How the slice differences were tested, so a reader knows what a flagged segment means. */
const sliceTests = z
  .strictObject({
    method: z.literal("benjamini-hochberg"),
    /** The false discovery rate controlled across all segments x metrics. */
    fdr: z.number().check(z.gt(0), z.lt(1)),
    /**
     * How each p-value was obtained: `paired-bootstrap-t`, a t-test on the bootstrap standard error
     * with a small-sample correction; `paired-bootstrap-normal` (normal p-value) in files written
     * before that correction.
     */
    p_value: z.enum(["paired-bootstrap-t", "paired-bootstrap-normal"]),
    /** Number of (segment, metric) differences tested. */
    tests: count,
    /** Differences smaller than this are never flagged, however significant. */
    min_effect: z.strictObject({
      absolute: z.number().check(z.nonnegative()),
      relative: z.number().check(z.nonnegative()),
    }),
    /** Differences flagged better or worse. */
    flagged: count,
  })
  .check(
    z.describe(
      "How slice differences were tested: false discovery rate control across segments x metrics, with a minimum effect.",
    ),
  );

const sliceResult = z.strictObject({
  column: z.string(),
  segment: z.string(),
  rows: count,
  head: metricValues,
  baseline: z.optional(metricValues),
  deltas: z.optional(z.partialRecord(metricName, sliceDelta)),
  /** Some metric is significantly worse than the baseline's on this segment. */
  regressed: z.boolean(),
});

/** The kinds of gate evaluation.json reports (mlci.yml's gates: section). */
export const GATE_KINDS = ["min", "max", "max_drop", "latency", "size"] as const;
/** The gate names that are not metrics: the head model's latency and file size. */
export const COST_GATE_METRICS = ["latency_p95_ms", "size_mb"] as const;

const gateResult = z.strictObject({
  /** A metric name, or "latency_p95_ms" / "size_mb". */
  metric: z.enum([...METRIC_NAMES, ...COST_GATE_METRICS]),
  kind: z.enum(GATE_KINDS),
  /** The limit; for a relative max_drop, a fraction of the baseline value (0.02 for "2%"). */
  threshold: z.number(),
  /** What was measured (the drop for max_drop); null when it could not be. */
  observed: nullableNumber,
  passed: z.boolean(),
  /** One sentence a reviewer can act on. */
  reason: z.string().check(z.minLength(1)),
  /** max_drop only: the threshold and observed drop are relative to the baseline's value. */
  relative: z.optional(z.boolean()),
  /**
   * Metric gates with a comparison: the smallest drop this evaluation could call significant, in
   * the unit of the threshold (a fraction of the baseline for a relative max_drop).
   */
  detectable_drop: z
    .optional(z.number().check(z.nonnegative()))
    .check(z.describe("The smallest drop this evaluation could call significant, in the unit of the threshold.")),
  /** Something the reviewer should know although the gate passed (e.g. a max_drop below detectable_drop). */
  warning: z.optional(z.string()).check(z.describe("Something the reviewer should know although the gate passed.")),
});

export const evaluationFileSchema = z
  .strictObject({
    schema: z.literal(EVALUATION_SCHEMA_ID),
    /** Model name (the key under `models:` in mlci.yml, or the model file's name). */
    name: z.string().check(z.minLength(1)),
    task: z.enum(["binary", "multiclass", "regression"]),
    data: z.strictObject({ path: z.string(), rows: count }),
    target: z.string(),
    head: modelEvaluation,
    baseline: z.nullable(modelEvaluation),
    comparison: z.optional(comparison),
    /** Head p95 latency against the baseline's, by their rounds' intervals (latency.ts). */
    latency_comparison: z.optional(latencyComparison),
    /** Peak resident memory of the evaluating process (both models, the data, the statistics). */
    peak_memory_bytes: z.optional(count),
    slices: z.array(sliceResult),
    /** Present when slices were compared with a baseline. */
    slice_tests: z.optional(sliceTests),
    gates: z.array(gateResult),
    /** Every gate passed (true when there are no gates). */
    passed: z.boolean(),
  })
  .check(
    z.meta({
      title: "mlci evaluation result (evaluation.json)",
      description:
        "Written by `mlci evaluate`: metrics of the head model and the baseline on the same rows, paired-bootstrap deltas, slices and gate verdicts.",
    }),
  );

export type Evaluation = Immutable<z.infer<typeof evaluationFileSchema>>;
export type ModelSource = Evaluation["head"]["model"];
export type ModelFile = Extract<ModelSource, { sha256: string }>;

/** The ONNX file a side of the evaluation ran, or undefined when it was a predictions file. */
export function modelFileOf(model: ModelSource | undefined): ModelFile | undefined {
  return model && "sha256" in model ? model : undefined;
}
export type ModelEvaluation = Evaluation["head"];
export type ModelCost = NonNullable<ModelEvaluation["cost"]>;
export type LatencyPercentiles = ModelCost["latency_ms"];
export type ConfusionMatrixJson = NonNullable<ModelEvaluation["confusion_matrix"]>;
export type SliceResult = Evaluation["slices"][number];
export type SliceDelta = Immutable<z.infer<typeof sliceDelta>>;
export type GateResult = Evaluation["gates"][number];
export type GateKind = (typeof GATE_KINDS)[number];
export type ReleaseReference = NonNullable<ModelEvaluation["release"]>;
export type SliceTests = NonNullable<Evaluation["slice_tests"]>;
