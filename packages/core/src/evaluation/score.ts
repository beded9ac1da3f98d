/**
 * One entry point per step of an evaluation, for the command that wires them: score a model's
 * predictions, and compare two models' predictions on the same rows.
 */
import { type BootstrapOptions, type Comparison, pairedBootstrap } from "../compare/bootstrap.js";
import { type PreparedPredictions, prepareClassifier, prepareRegressor } from "../compare/weighted-metrics.js";
import { classificationMetrics } from "../metrics/classification.js";
import { confusionRows } from "../metrics/confusion.js";
import { type MetricName, type MetricValues, metricsForTask } from "../metrics/names.js";
import type { ClassificationPredictions, RegressionPredictions } from "../metrics/predictions.js";
import { regressionMetrics } from "../metrics/regression.js";
import { type RocCurveJson, rocCurve } from "../metrics/roc-curve.js";
import type { ConfusionMatrixJson } from "./types.js";

/** A model's predictions with the task that says how to score them. */
export type TaskPredictions =
  | {
      readonly task: "binary" | "multiclass";
      readonly predictions: ClassificationPredictions;
      /** Binary only: index of the positive class in `predictions.classes` (default 1). */
      readonly positive?: number;
    }
  | { readonly task: "regression"; readonly predictions: RegressionPredictions };

export interface ModelScores {
  readonly metrics: MetricValues;
  readonly confusion_matrix?: ConfusionMatrixJson;
}

export function scoreModel(p: TaskPredictions): ModelScores {
  if (p.task === "regression") return { metrics: regressionMetrics(p.predictions) };
  const { metrics, confusion } = classificationMetrics(p.predictions, {
    task: p.task,
    ...(p.positive !== undefined ? { positive: p.positive } : {}),
  });
  return { metrics, confusion_matrix: { labels: [...p.predictions.classes], matrix: confusionRows(confusion) } };
}

/** The curves of a model for the report's charts: the ROC curve of a binary classifier with probabilities. */
export function modelCurves(p: TaskPredictions): { roc: RocCurveJson } | undefined {
  if (p.task !== "binary") return undefined;
  const roc = rocCurve(p.predictions, p.positive);
  return roc ? { roc } : undefined;
}

/**
 * A model's predictions in the form the weighted metrics and the bootstrap read. (Loading an ONNX
 * model for evaluation is packages/model's prepareModel; this is only its predictions.)
 */
export function preparePredictions(p: TaskPredictions): PreparedPredictions {
  return p.task === "regression"
    ? prepareRegressor(p.predictions)
    : prepareClassifier(p.predictions, p.task, p.positive);
}

/** The metrics both models report (a labels-only model has no probability metrics). */
export function comparableMetrics(head: TaskPredictions, baseline: TaskPredictions): MetricName[] {
  const hasProba = (p: TaskPredictions) => p.task === "regression" || p.predictions.proba !== undefined;
  const scoresOnly = (p: TaskPredictions) => p.task !== "regression" && p.predictions.scores === true;
  const probabilities = !(hasProba(head) && hasProba(baseline))
    ? false
    : scoresOnly(head) || scoresOnly(baseline)
      ? "scores"
      : true;
  return [...metricsForTask(head.task, probabilities)];
}

export type CompareOptions = Omit<BootstrapOptions, "metrics"> & { readonly metrics?: readonly MetricName[] };

/** Paired-bootstrap comparison of head against baseline; both must score the same rows and task. */
export function compareModels(
  head: TaskPredictions,
  baseline: TaskPredictions,
  options: CompareOptions = {},
): Comparison {
  if (head.task !== baseline.task)
    throw new RangeError(`head is a ${head.task} model but baseline is ${baseline.task}`);
  const metrics = options.metrics ?? comparableMetrics(head, baseline);
  return pairedBootstrap(preparePredictions(head), preparePredictions(baseline), { ...options, metrics });
}
