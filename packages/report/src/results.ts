/**
 * The result files the report renders, as core describes them (one zod schema per file in @mlci/core;
 * parse-results.ts validates against those schemas before anything is rendered). Metric directions
 * come from core's list of metric names.
 */
import {
  type Direction,
  type Evaluation as EvaluationFile,
  isMetricName,
  metricDirection,
  type ValidationResult,
} from "@mlci/core";

export type { Direction } from "@mlci/core";

export type Evaluation = EvaluationFile;
export type Validation = ValidationResult;
export type ModelSide = Evaluation["head"];
export type ConfusionMatrix = NonNullable<ModelSide["confusion_matrix"]>;
export type CostFigures = NonNullable<ModelSide["cost"]>;
export type MetricDelta = NonNullable<
  NonNullable<Evaluation["comparison"]>["deltas"][keyof NonNullable<Evaluation["comparison"]>["deltas"]]
>;
export type Slice = Evaluation["slices"][number];
export type Gate = Evaluation["gates"][number];
export type ValidationCheck = Validation["checks"][number];
export type DeltaVerdict = MetricDelta["verdict"];

/** Metric values by name, as the report looks them up (a name not in the file reads as undefined). */
export type MetricMap = Readonly<Record<string, number | null | undefined>>;

/** One released version's metrics, oldest first, for the chart over past versions. */
export interface HistoryPoint {
  readonly version: string;
  readonly metrics: MetricMap;
}

/** Which way a metric is better; names outside core's list (none pass validation) read as higher. */
export function directionOf(metric: string): Direction {
  return isMetricName(metric) ? metricDirection(metric) : "higher";
}
