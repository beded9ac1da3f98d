/**
 * The result files the report renders, as core describes them: one zod schema per file in @mlci/core,
 * against which parse-results.ts validates before anything is rendered. The types here are core's,
 * with one change for reading: maps keyed by metric name are looked up by any string (a name missing
 * from the file reads as undefined). Metric directions come from core's list of metric names.
 */
import type { ValidationResult } from "@mlci/core/contract/validation-result.js";
import type { Evaluation as EvaluationFile, SliceDelta } from "@mlci/core/evaluation/types.js";
import { type Direction, isMetricName, metricDirection } from "@mlci/core/metrics/names.js";

export type { Direction } from "@mlci/core/metrics/names.js";

/** A record keyed by metric name, read by any string. */
type ByName<T> = Readonly<Record<string, T>>;

export type MetricMap = ByName<number | null | undefined>;

type CoreSide = EvaluationFile["head"];
type CoreComparison = NonNullable<EvaluationFile["comparison"]>;
type CoreSlice = EvaluationFile["slices"][number];

export type MetricDelta = NonNullable<CoreComparison["deltas"][keyof CoreComparison["deltas"]]>;
export type ModelSide = Omit<CoreSide, "metrics"> & { readonly metrics: MetricMap };
export type ConfusionMatrix = NonNullable<CoreSide["confusion_matrix"]>;
export type CostFigures = NonNullable<CoreSide["cost"]>;
export type RocCurve = NonNullable<NonNullable<CoreSide["curves"]>["roc"]>;
export type Slice = Omit<CoreSlice, "head" | "baseline" | "deltas"> & {
  readonly head: MetricMap;
  readonly baseline?: MetricMap;
  readonly deltas?: ByName<SliceDelta>;
};
export type Gate = EvaluationFile["gates"][number];

export type Evaluation = Omit<EvaluationFile, "head" | "baseline" | "comparison" | "slices"> & {
  readonly head: ModelSide;
  readonly baseline: ModelSide | null;
  readonly comparison?: Omit<CoreComparison, "deltas"> & { readonly deltas: ByName<MetricDelta> };
  readonly slices: readonly Slice[];
};

export type Validation = ValidationResult;
export type ValidationCheck = Validation["checks"][number];

/** One released version's metrics, oldest first, for the chart over past versions. */
export interface HistoryPoint {
  readonly version: string;
  readonly metrics: MetricMap;
}

/** Which way a metric is better; names outside core's list (none pass validation) read as higher. */
export function directionOf(metric: string): Direction {
  return isMetricName(metric) ? metricDirection(metric) : "higher";
}
