/**
 * The shapes of evaluation.json and validation.json as the report reads them (CONTRACT-FORMAT.md;
 * the metrics/evaluate and validate helpers own the files). Only what the report shows is typed, and
 * optional parts are optional, so a report renders from any file that follows the contract.
 */

export type Direction = "higher" | "lower";
export type DeltaVerdict = "better" | "worse" | "same";
export type MetricMap = Readonly<Record<string, number | null | undefined>>;

export interface ConfusionMatrix {
  readonly labels: readonly string[];
  readonly matrix: readonly (readonly number[])[];
}

export interface CostFigures {
  readonly size_bytes?: number | null;
  readonly latency_ms?: {
    readonly p50?: number | null;
    readonly p95?: number | null;
    readonly p99?: number | null;
  } | null;
  readonly throughput_rows_per_s?: number | null;
  readonly peak_memory_bytes?: number | null;
}

/** The released version a model is (the baseline downloaded as NAME@production). */
export interface ReleaseRef {
  readonly version: string;
  readonly tag?: string;
  readonly stage?: string;
}

/** ROC curve at fixed false-positive rates (binary tasks). */
export interface RocCurve {
  readonly fpr: readonly number[];
  readonly tpr: readonly number[];
}

export interface ModelSide {
  readonly model?:
    | { readonly path?: string; readonly sha256?: string; readonly size_bytes?: number }
    | { readonly predictions?: string };
  /** Set when this model is a released version (the production baseline). */
  readonly release?: ReleaseRef;
  readonly metrics: MetricMap;
  readonly confusion_matrix?: ConfusionMatrix;
  readonly cost?: CostFigures;
  readonly curves?: { readonly roc?: RocCurve };
}

export interface MetricDelta {
  readonly head: number | null;
  readonly baseline: number | null;
  readonly delta: number | null;
  readonly ci_low: number | null;
  readonly ci_high: number | null;
  readonly significant: boolean;
  readonly direction: Direction;
  readonly verdict: DeltaVerdict;
  readonly std_error?: number | null;
  readonly p_value?: number | null;
  /** The smallest worse change this evaluation would call significant. */
  readonly detectable_change?: number | null;
  /** Slices: the Benjamini-Hochberg adjusted p-value. */
  readonly q_value?: number | null;
}

export interface SliceTests {
  readonly method: string;
  readonly fdr: number;
  readonly p_value?: string;
  readonly tests: number;
  readonly min_effect?: { readonly absolute: number; readonly relative: number };
  readonly flagged?: number;
}

export interface Slice {
  readonly column: string;
  readonly segment: string;
  readonly rows: number;
  readonly head: MetricMap;
  readonly baseline?: MetricMap;
  readonly deltas?: Readonly<Record<string, Partial<MetricDelta>>>;
  readonly regressed: boolean;
}

export interface Gate {
  readonly metric: string;
  readonly kind: string;
  readonly threshold: number;
  readonly observed: number | null;
  readonly passed: boolean;
  readonly reason: string;
  /** max_drop only: threshold and observed drop are fractions of the baseline's value. */
  readonly relative?: boolean;
  /** The smallest drop this evaluation could call significant, in the threshold's unit. */
  readonly detectable_drop?: number;
  readonly warning?: string;
}

export interface Evaluation {
  readonly schema: string;
  readonly name: string;
  readonly task: "binary" | "multiclass" | "regression";
  readonly data?: { readonly path?: string; readonly rows?: number };
  readonly target?: string;
  readonly head: ModelSide;
  readonly baseline?: ModelSide | null;
  readonly comparison?: {
    readonly method?: string;
    readonly resamples?: number;
    readonly seed?: number;
    readonly confidence?: number;
    readonly deltas: Readonly<Record<string, MetricDelta>>;
  };
  readonly slices?: readonly Slice[];
  readonly slice_tests?: SliceTests;
  readonly gates?: readonly Gate[];
  readonly passed: boolean;
}

export interface ValidationCheck {
  readonly column: string | null;
  readonly check: string;
  readonly name?: string;
  readonly severity: "error" | "warn";
  readonly passed: boolean;
  readonly failing_rows: number;
  readonly message: string;
}

export interface Validation {
  readonly schema: string;
  readonly passed: boolean;
  readonly data?: { readonly path?: string; readonly rows?: number; readonly columns?: number };
  readonly contract?: string;
  readonly summary: { readonly checks: number; readonly failed_errors: number; readonly failed_warnings: number };
  readonly checks: readonly ValidationCheck[];
}

/** One released version's metrics, oldest first, for the chart over past versions. */
export interface HistoryPoint {
  readonly version: string;
  readonly metrics: MetricMap;
}

/** Metrics where lower is better (the rest: higher is better), as in the metrics helper's names.ts. */
const LOWER_IS_BETTER = new Set(["log_loss", "brier", "mae", "mse", "rmse", "mape", "median_ae"]);

export function directionOf(metric: string): Direction {
  return LOWER_IS_BETTER.has(metric) ? "lower" : "higher";
}
