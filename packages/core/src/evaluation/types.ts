/**
 * evaluation.json (schema "mlci/evaluation@1"), written by `mlci evaluate` and read by reports and
 * gates. schemas/evaluation.schema.json describes the same shape; a test validates assembled files
 * against it.
 */
import type { Comparison, MetricDelta } from "../compare/bootstrap.js";
import type { MetricName, MetricValues, Task } from "../metrics/names.js";
import type { RocCurveJson } from "../metrics/roc-curve.js";

export const EVALUATION_SCHEMA_ID = "mlci/evaluation@1";

/** Where a model's predictions came from: an ONNX file, or a predictions file (non-ONNX models). */
export type ModelSource =
  | { readonly path: string; readonly sha256: string; readonly size_bytes: number }
  | { readonly predictions: string };

export interface LatencyPercentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export interface ModelCost {
  readonly size_bytes: number;
  /** Single-row inference latency. */
  readonly latency_ms: LatencyPercentiles;
  readonly throughput_rows_per_s: number;
  readonly peak_memory_bytes: number;
}

export interface ConfusionMatrixJson {
  readonly labels: readonly string[];
  /** matrix[t][p]: rows of true class labels[t] predicted as labels[p]. */
  readonly matrix: readonly (readonly number[])[];
}

/** The released version a model is: the baseline when it was downloaded as NAME@production. */
export interface ReleaseReference {
  readonly version: string;
  readonly tag?: string;
  readonly stage?: string;
}

export interface ModelEvaluation {
  readonly model: ModelSource;
  readonly release?: ReleaseReference;
  readonly metrics: MetricValues;
  readonly confusion_matrix?: ConfusionMatrixJson;
  readonly cost?: ModelCost;
  /** Binary classifiers with probabilities: the ROC curve on an even grid (metrics/roc-curve.ts). */
  readonly curves?: { readonly roc?: RocCurveJson };
}

/**
 * One segment's difference. `significant` is after the false-discovery-rate control across every
 * segment and metric (q_value <= the rate); the interval is the segment's own, unadjusted 95% one.
 * `verdict` is better/worse only when significant and at least the minimum effect.
 */
export type SliceDelta = Pick<MetricDelta, "delta" | "ci_low" | "ci_high" | "significant" | "verdict" | "p_value"> & {
  /** Benjamini-Hochberg adjusted p-value over all the slice tests of this evaluation. */
  readonly q_value: number | null;
};

/** How the slice differences were tested, so a reader knows what a flagged segment means. */
export interface SliceTests {
  readonly method: "benjamini-hochberg";
  /** The false discovery rate controlled across all segments x metrics. */
  readonly fdr: number;
  /** How each p-value was obtained. */
  readonly p_value: "paired-bootstrap-normal";
  /** Number of (segment, metric) differences tested. */
  readonly tests: number;
  /** Differences smaller than this are never flagged, however significant. */
  readonly min_effect: { readonly absolute: number; readonly relative: number };
  /** Differences flagged better or worse. */
  readonly flagged: number;
}

export interface SliceResult {
  readonly column: string;
  readonly segment: string;
  readonly rows: number;
  readonly head: MetricValues;
  readonly baseline?: MetricValues;
  readonly deltas?: Partial<Record<MetricName, SliceDelta>>;
  /** Some metric is significantly worse than the baseline's on this segment. */
  readonly regressed: boolean;
}

export type GateKind = "min" | "max" | "max_drop" | "latency" | "size";

export interface GateResult {
  /** A metric name, or "latency_p95_ms" / "size_mb". */
  readonly metric: string;
  readonly kind: GateKind;
  /** The limit; for a relative max_drop, a fraction of the baseline value (0.02 for "2%"). */
  readonly threshold: number;
  /** What was measured (the drop for max_drop); null when it could not be. */
  readonly observed: number | null;
  readonly passed: boolean;
  /** One sentence a reviewer can act on. */
  readonly reason: string;
  /** max_drop only: the threshold and observed drop are relative to the baseline's value. */
  readonly relative?: boolean;
  /**
   * Metric gates with a comparison: the smallest drop this evaluation could call significant, in
   * the unit of the threshold (a fraction of the baseline for a relative max_drop).
   */
  readonly detectable_drop?: number;
  /** Something the reviewer should know although the gate passed (e.g. a max_drop below detectable_drop). */
  readonly warning?: string;
}

export interface Evaluation {
  readonly schema: typeof EVALUATION_SCHEMA_ID;
  /** Model name (the key under `models:` in mlci.yml, or the model file's name). */
  readonly name: string;
  readonly task: Task;
  readonly data: { readonly path: string; readonly rows: number };
  readonly target: string;
  readonly head: ModelEvaluation;
  readonly baseline: ModelEvaluation | null;
  readonly comparison?: Comparison;
  readonly slices: readonly SliceResult[];
  /** Present when slices were compared with a baseline. */
  readonly slice_tests?: SliceTests;
  readonly gates: readonly GateResult[];
  /** Every gate passed (true when there are no gates). */
  readonly passed: boolean;
}
