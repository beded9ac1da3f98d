/**
 * The metric names of evaluation.json, which tasks they apply to and which way is better.
 * One list so that the CLI, the bootstrap, the gates and the JSON Schema agree on spelling.
 */
export type Task = "binary" | "multiclass" | "regression";

export const CLASSIFICATION_METRICS = [
  "accuracy",
  "balanced_accuracy",
  "precision",
  "recall",
  "f1",
  "f1_macro",
  "f1_micro",
  "f1_weighted",
  "roc_auc",
  "average_precision",
  "log_loss",
  "brier",
] as const;

export const REGRESSION_METRICS = ["mae", "mse", "rmse", "r2", "mape", "median_ae"] as const;

export const METRIC_NAMES = [...CLASSIFICATION_METRICS, ...REGRESSION_METRICS] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** Metric values of one model; `null` where the metric is undefined on these rows (as scikit-learn raises or returns nan). */
export type MetricValues = Partial<Record<MetricName, number | null>>;

export type Direction = "higher" | "lower";

const LOWER_IS_BETTER: ReadonlySet<MetricName> = new Set<MetricName>([
  "log_loss",
  "brier",
  "mae",
  "mse",
  "rmse",
  "mape",
  "median_ae",
]);

export function metricDirection(metric: MetricName): Direction {
  return LOWER_IS_BETTER.has(metric) ? "lower" : "higher";
}

export function isMetricName(name: string): name is MetricName {
  return (METRIC_NAMES as readonly string[]).includes(name);
}

/** Metrics that need only predicted labels (no probabilities). */
const LABEL_METRICS: Record<"binary" | "multiclass", readonly MetricName[]> = {
  binary: ["accuracy", "balanced_accuracy", "precision", "recall", "f1", "f1_macro", "f1_micro", "f1_weighted"],
  multiclass: ["accuracy", "balanced_accuracy", "f1_macro", "f1_micro", "f1_weighted"],
};

/** Every metric computed from predicted labels alone (the binary list holds them all). */
export const LABEL_METRIC_NAMES: readonly MetricName[] = LABEL_METRICS.binary;

/** Metrics that need class probabilities. */
const PROBABILITY_METRICS: Record<"binary" | "multiclass", readonly MetricName[]> = {
  binary: ["roc_auc", "average_precision", "log_loss", "brier"],
  multiclass: ["roc_auc", "average_precision", "log_loss"],
};

/** Metrics that only rank rows by score: the ones uncalibrated scores (`--scores`) still support. */
const RANKING_METRICS: readonly MetricName[] = ["roc_auc", "average_precision"];

/**
 * The metrics reported for a task, in report order: with probabilities, with scores that only rank
 * (`"scores"`), or with labels only (false).
 */
export function metricsForTask(task: Task, probabilities: boolean | "scores" = true): readonly MetricName[] {
  if (task === "regression") return REGRESSION_METRICS;
  if (probabilities === "scores") return [...LABEL_METRICS[task], ...RANKING_METRICS];
  return probabilities ? [...LABEL_METRICS[task], ...PROBABILITY_METRICS[task]] : LABEL_METRICS[task];
}
