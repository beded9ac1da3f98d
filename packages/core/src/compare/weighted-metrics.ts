/**
 * Metrics under integer row weights: the value of a metric on the data set in which row i appears
 * weights[i] times. Per-row quantities (confusion cell, log loss, score rank order, absolute error
 * order) are prepared once per model; each weighting then costs one linear pass per metric family,
 * which is what makes 1000 bootstrap replicates of a million rows affordable.
 */
import { argsortFloat64 } from "../metrics/argsort.js";
import { classRankings } from "../metrics/classification.js";
import type { ConfusionMatrix } from "../metrics/confusion.js";
import { labelMetrics } from "../metrics/label-metrics.js";
import { LABEL_METRIC_NAMES, type MetricName, type MetricValues } from "../metrics/names.js";
import {
  type ClassificationPredictions,
  classificationInputErrors,
  DEFAULT_POSITIVE_CLASS,
  type RegressionPredictions,
  regressionInputErrors,
} from "../metrics/predictions.js";
import { brierPerRow, LOG_LOSS_EPSILON, taskLogLossPerRow } from "../metrics/probability-loss.js";
import { averagePrecision, type RankedScores, rocAuc } from "../metrics/ranking.js";
import { MAPE_EPSILON, r2FromSums } from "../metrics/regression.js";

/** A classifier's per-row statistics, ready to be re-weighted. */
export interface PreparedClassifier {
  readonly kind: "classification";
  readonly task: "binary" | "multiclass";
  readonly k: number;
  readonly positive: number;
  /** Confusion-matrix cell of each row: true * k + predicted. */
  readonly cells: Int32Array;
  readonly logLoss: Float64Array | null;
  readonly brier: Float64Array | null;
  /** Binary: one ranking (positive class); multiclass: one per class (one-vs-rest). */
  readonly rankings: readonly RankedScores[] | null;
}

/** A regressor's per-row statistics, ready to be re-weighted. */
export interface PreparedRegressor {
  readonly kind: "regression";
  readonly absoluteError: Float64Array;
  readonly squaredError: Float64Array;
  readonly percentageError: Float64Array;
  /** Rows in ascending absolute-error order, for the weighted median. */
  readonly absoluteErrorOrder: Uint32Array;
  /** y minus its unweighted mean: weighted sums of these keep R²'s total sum of squares accurate. */
  readonly centeredTarget: Float64Array;
}

export type PreparedPredictions = PreparedClassifier | PreparedRegressor;

export function prepareClassifier(
  p: ClassificationPredictions,
  task: "binary" | "multiclass",
  positive: number = DEFAULT_POSITIVE_CLASS,
  logLossEpsilon: number = LOG_LOSS_EPSILON,
): PreparedClassifier {
  const errors = classificationInputErrors(p);
  if (task === "binary" && p.classes.length !== 2)
    errors.push(`a binary task needs exactly 2 classes, got ${p.classes.length}`);
  if (errors.length > 0) throw new RangeError(errors.join("; "));
  const k = p.classes.length;
  const cells = new Int32Array(p.yTrue.length);
  for (let i = 0; i < cells.length; i++) cells[i] = (p.yTrue[i] as number) * k + (p.yPred[i] as number);
  const proba = p.proba;
  return {
    kind: "classification",
    task,
    k,
    positive,
    cells,
    // Uncalibrated scores (`--scores`) rank rows but are no probabilities: no log loss, no Brier.
    logLoss: proba && !p.scores ? taskLogLossPerRow(p.yTrue, proba, k, task, positive, logLossEpsilon) : null,
    brier: proba && !p.scores && task === "binary" ? brierPerRow(p.yTrue, proba, k, positive) : null,
    rankings: proba ? classRankings(p, proba, task, positive) : null,
  };
}

export function prepareRegressor(p: RegressionPredictions): PreparedRegressor {
  const errors = regressionInputErrors(p);
  if (errors.length > 0) throw new RangeError(errors.join("; "));
  const n = p.yTrue.length;
  const absoluteError = new Float64Array(n);
  const squaredError = new Float64Array(n);
  const percentageError = new Float64Array(n);
  const centeredTarget = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += p.yTrue[i] as number;
  mean /= n;
  for (let i = 0; i < n; i++) {
    const y = p.yTrue[i] as number;
    const e = Math.abs(y - (p.yPred[i] as number));
    absoluteError[i] = e;
    squaredError[i] = e * e;
    percentageError[i] = e / Math.max(Math.abs(y), MAPE_EPSILON);
    centeredTarget[i] = y - mean;
  }
  return {
    kind: "regression",
    absoluteError,
    squaredError,
    percentageError,
    absoluteErrorOrder: argsortFloat64(absoluteError),
    centeredTarget,
  };
}

export function preparedRows(model: PreparedPredictions): number {
  return model.kind === "classification" ? model.cells.length : model.absoluteError.length;
}

/** Σ w_i x_i, or Σ x_i without weights. */
export function weightedSum(values: Float64Array, weights: Uint8Array | null): number {
  let sum = 0;
  const n = values.length;
  if (weights) for (let i = 0; i < n; i++) sum += (weights[i] as number) * (values[i] as number);
  else for (let i = 0; i < n; i++) sum += values[i] as number;
  return sum;
}

/**
 * Weighted confusion counts. Four interleaved partial histograms: with few cells, consecutive rows
 * hit the same cell and a single histogram stalls on its own read-after-write chain.
 */
export function weightedConfusion(cells: Int32Array, k: number, weights: Uint8Array | null): ConfusionMatrix {
  const size = k * k;
  const partial = new Float64Array(4 * size);
  const n = cells.length;
  const w = weights ?? new Uint8Array(n).fill(1);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const c0 = cells[i] as number;
    const c1 = (cells[i + 1] as number) + size;
    const c2 = (cells[i + 2] as number) + 2 * size;
    const c3 = (cells[i + 3] as number) + 3 * size;
    partial[c0] = (partial[c0] as number) + (w[i] as number);
    partial[c1] = (partial[c1] as number) + (w[i + 1] as number);
    partial[c2] = (partial[c2] as number) + (w[i + 2] as number);
    partial[c3] = (partial[c3] as number) + (w[i + 3] as number);
  }
  for (; i < n; i++) {
    const c = cells[i] as number;
    partial[c] = (partial[c] as number) + (w[i] as number);
  }
  const counts = new Float64Array(size);
  for (let c = 0; c < size; c++) {
    counts[c] =
      (partial[c] as number) +
      (partial[c + size] as number) +
      (partial[c + 2 * size] as number) +
      (partial[c + 3 * size] as number);
  }
  return { k, counts };
}

/** Median of the rows repeated by weight: walk the precomputed order to the middle position(s). */
export function weightedMedian(
  values: Float64Array,
  order: Uint32Array,
  weights: Uint8Array | null,
  total: number,
): number | null {
  if (total === 0) return null;
  // 0-based positions of the middle element(s) in the expanded sorted sample.
  const lowPosition = Math.floor((total - 1) / 2);
  const highPosition = Math.floor(total / 2);
  if (!weights) {
    const low = values[order[lowPosition] as number] as number;
    return (low + (values[order[highPosition] as number] as number)) / 2;
  }
  // One walk: first to the element holding the low middle position, then on to the high one.
  const n = order.length;
  let running = 0;
  let j = 0;
  for (; j < n; j++) {
    running += weights[order[j] as number] as number;
    if (running > lowPosition) break;
  }
  const low = values[order[j] as number] as number;
  if (running > highPosition) return low;
  for (j++; j < n; j++) {
    running += weights[order[j] as number] as number;
    if (running > highPosition) break;
  }
  return (low + (values[order[j] as number] as number)) / 2;
}

function macro(values: readonly (number | null)[]): number | null {
  let sum = 0;
  for (const v of values) {
    if (v === null) return null;
    sum += v;
  }
  return values.length === 0 ? null : sum / values.length;
}

/**
 * The requested metrics of a prepared model under `weights` (null: every row once). `total` is
 * Σ weights (or the row count). Metrics not applicable to the model are left out.
 */
export function weightedMetrics(
  model: PreparedPredictions,
  weights: Uint8Array | null,
  total: number,
  wanted: ReadonlySet<MetricName>,
): MetricValues {
  return model.kind === "classification"
    ? weightedClassifierMetrics(model, weights, total, wanted)
    : weightedRegressorMetrics(model, weights, total, wanted);
}

function weightedClassifierMetrics(
  model: PreparedClassifier,
  weights: Uint8Array | null,
  total: number,
  wanted: ReadonlySet<MetricName>,
): MetricValues {
  const values: MetricValues = {};
  if (LABEL_METRIC_NAMES.some((m) => wanted.has(m))) {
    const all = labelMetrics(
      weightedConfusion(model.cells, model.k, weights),
      model.task === "binary" ? model.positive : undefined,
    );
    for (const m of LABEL_METRIC_NAMES) if (wanted.has(m) && m in all) values[m] = all[m] ?? null;
  }
  const mean = (perRow: Float64Array) => (total === 0 ? null : weightedSum(perRow, weights) / total);
  if (model.rankings) {
    if (wanted.has("roc_auc")) values.roc_auc = macro(model.rankings.map((r) => rocAuc(r, weights ?? undefined)));
    if (wanted.has("average_precision")) {
      values.average_precision = macro(model.rankings.map((r) => averagePrecision(r, weights ?? undefined)));
    }
  }
  if (model.logLoss && wanted.has("log_loss")) values.log_loss = mean(model.logLoss);
  if (model.brier && wanted.has("brier")) values.brier = mean(model.brier);
  return values;
}

function weightedRegressorMetrics(
  model: PreparedRegressor,
  weights: Uint8Array | null,
  total: number,
  wanted: ReadonlySet<MetricName>,
): MetricValues {
  const values: MetricValues = {};
  const mean = (perRow: Float64Array) => (total === 0 ? null : weightedSum(perRow, weights) / total);
  if (wanted.has("mae")) values.mae = mean(model.absoluteError);
  if (wanted.has("mse") || wanted.has("rmse") || wanted.has("r2")) {
    const residual = weightedSum(model.squaredError, weights);
    const mse = total === 0 ? null : residual / total;
    if (wanted.has("mse")) values.mse = mse;
    if (wanted.has("rmse")) values.rmse = mse === null ? null : Math.sqrt(mse);
    if (wanted.has("r2")) {
      values.r2 =
        total === 0 ? null : r2FromSums(residual, weightedTotalSquaresOf(model.centeredTarget, weights, total), total);
    }
  }
  if (wanted.has("mape")) values.mape = mean(model.percentageError);
  if (wanted.has("median_ae")) {
    values.median_ae = weightedMedian(model.absoluteError, model.absoluteErrorOrder, weights, total);
  }
  return values;
}

/** Σ w (y - ȳ_w)², from sums of the centred target. */
function weightedTotalSquaresOf(centered: Float64Array, weights: Uint8Array | null, total: number): number {
  let sum = 0;
  let squares = 0;
  const n = centered.length;
  for (let i = 0; i < n; i++) {
    const w = weights ? (weights[i] as number) : 1;
    const c = centered[i] as number;
    sum += w * c;
    squares += w * c * c;
  }
  return weightedTotalSquares(sum, squares, total);
}

/** Σ w (y - ȳ_w)² from Σ w c and Σ w c² of the centred target c. */
export function weightedTotalSquares(sum: number, squares: number, total: number): number {
  const totalSquares = squares - (sum * sum) / total;
  // Rows that all share one target value leave only rounding noise here; call it the constant
  // target it is (scikit-learn's r2 then returns 1 or 0 instead of a huge negative number).
  return totalSquares <= CONSTANT_TARGET_TOLERANCE * squares ? 0 : totalSquares;
}

/** Relative size below which a weighted total sum of squares is cancellation noise. */
const CONSTANT_TARGET_TOLERANCE = 1e-12;
