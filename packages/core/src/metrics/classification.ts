/**
 * All classification metrics of one model on one set of rows. See docs/metrics.md for each
 * definition and its edge cases; every value matches scikit-learn 1.2.1 (golden tests).
 */
import { compensatedArrayMean } from "./compensated-sum.js";
import { type ConfusionMatrix, confusionMatrix } from "./confusion.js";
import { labelMetrics } from "./label-metrics.js";
import type { MetricValues } from "./names.js";
import { type ClassificationPredictions, classificationInputErrors, DEFAULT_POSITIVE_CLASS } from "./predictions.js";
import { brierPerRow, LOG_LOSS_EPSILON, taskLogLossPerRow } from "./probability-loss.js";
import { averagePrecision, type RankedScores, rankScores, rocAuc } from "./ranking.js";

export interface ClassificationOptions {
  readonly task: "binary" | "multiclass";
  /** Binary only: index of the positive class (default 1, the second class). */
  readonly positive?: number;
  /** Log-loss clipping; default float64 epsilon as scikit-learn on float64 probabilities. */
  readonly logLossEpsilon?: number;
}

export interface ClassificationScores {
  readonly metrics: MetricValues;
  readonly confusion: ConfusionMatrix;
}

/** The column of class `c` from row-major n x k probabilities. */
export function probabilityColumn(proba: Float64Array, k: number, c: number): Float64Array {
  const n = proba.length / k;
  const column = new Float64Array(n);
  for (let i = 0; i < n; i++) column[i] = proba[i * k + c] as number;
  return column;
}

/** 1 where the true class is `c`. */
export function oneVsRest(yTrue: Int32Array, c: number): Uint8Array {
  const positive = new Uint8Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) positive[i] = yTrue[i] === c ? 1 : 0;
  return positive;
}

/** Rankings already made, by probability array: see classRankings. */
const rankingsOf = new WeakMap<
  Float64Array,
  { readonly yTrue: Int32Array; readonly key: string; readonly rankings: RankedScores[] }
>();

/**
 * The rankings ROC AUC and average precision need: one (of the positive class) for a binary task,
 * one per class (one-vs-rest) for a multiclass task.
 *
 * Sorting is most of the cost of scoring millions of rows, and an evaluation needs the same
 * rankings three times (the metrics, the ROC curve, the bootstrap's prepared model): they are kept
 * per probability array and labels (the arrays of a run are never modified once collected) and
 * sorted once.
 */
export function classRankings(
  p: ClassificationPredictions,
  proba: Float64Array,
  task: "binary" | "multiclass",
  positive: number,
): RankedScores[] {
  const key = `${task}:${positive}:${p.classes.length}`;
  const known = rankingsOf.get(proba);
  if (known && known.yTrue === p.yTrue && known.key === key) return known.rankings;
  const k = p.classes.length;
  const classes = task === "binary" ? [positive] : [...Array(k).keys()];
  const rankings = classes.map((c) => rankScores(probabilityColumn(proba, k, c), oneVsRest(p.yTrue, c)));
  rankingsOf.set(proba, { yTrue: p.yTrue, key, rankings });
  return rankings;
}

const placesOf = new WeakMap<RankedScores, Uint32Array>();

/** Each row's place in a ranking (the inverse of its order), made once per ranking. */
function placesIn(ranking: RankedScores): Uint32Array {
  let places = placesOf.get(ranking);
  if (!places) {
    const { order } = ranking;
    places = new Uint32Array(order.length);
    for (let j = 0; j < order.length; j++) places[order[j] as number] = j;
    placesOf.set(ranking, places);
  }
  return places;
}

/**
 * Makes `subset`'s rankings (the predictions of rows `rows` of `full`, in that order, distinct and
 * ascending) from `full`'s without sorting, and keeps them as classRankings keeps its own: scoring
 * many segments of one set then sorts once, not once per segment. Keeping only the subset's rows of
 * a full ranking gives the order a stable sort of the subset's scores gives, ties included.
 */
export function rankSubset(
  full: ClassificationPredictions,
  subset: ClassificationPredictions,
  rows: Uint32Array,
  task: "binary" | "multiclass",
  positive: number,
): void {
  const k = full.classes.length;
  const n = full.yTrue.length;
  if (!full.proba || !subset.proba || full.proba.length !== n * k || (task === "binary" && k !== 2)) return;
  const fullRankings = classRankings(full, full.proba, task, positive);
  const m = rows.length;
  const classes = task === "binary" ? [positive] : [...Array(k).keys()];
  const keys = new Float64Array(m);
  const rankings = classes.map((c, r): RankedScores => {
    const scores = probabilityColumn(subset.proba as Float64Array, k, c);
    // Each subset row by its place in the full ranking (and its index, exact below 2^53): sorting
    // m numbers, not filtering all n of the full ranking per subset.
    const place = placesIn(fullRankings[r] as RankedScores);
    for (let i = 0; i < m; i++) keys[i] = (place[rows[i] as number] as number) * m + i;
    keys.sort();
    const order = new Uint32Array(m);
    for (let j = 0; j < m; j++) order[j] = (keys[j] as number) % m;
    const groupEnd = new Uint8Array(m);
    const positiveInOrder = new Uint8Array(m);
    for (let j = 0; j < m; j++) {
      const i = order[j] as number;
      positiveInOrder[j] = subset.yTrue[i] === c ? 1 : 0;
      groupEnd[j] = j === m - 1 || scores[i] !== scores[order[j + 1] as number] ? 1 : 0;
    }
    return { order, groupEnd, positiveInOrder };
  });
  rankingsOf.set(subset.proba, { yTrue: subset.yTrue, key: `${task}:${positive}:${k}`, rankings });
}

/** Mean of one-vs-rest values; null if any is null (scikit-learn raises for a class missing from y_true). */
function macroOrNull(values: readonly (number | null)[]): number | null {
  let sum = 0;
  for (const v of values) {
    if (v === null) return null;
    sum += v;
  }
  return values.length === 0 ? null : sum / values.length;
}

function meanOrNull(values: Float64Array): number | null {
  return values.length === 0 ? null : compensatedArrayMean(values);
}

export function classificationMetrics(
  p: ClassificationPredictions,
  options: ClassificationOptions,
): ClassificationScores {
  const errors = classificationInputErrors(p);
  const k = p.classes.length;
  if (options.task === "binary" && k !== 2) errors.push(`a binary task needs exactly 2 classes, got ${k}`);
  if (errors.length > 0) throw new RangeError(errors.join("; "));
  const positive = options.positive ?? DEFAULT_POSITIVE_CLASS;
  const confusion = confusionMatrix(p.yTrue, p.yPred, k);
  const metrics = labelMetrics(confusion, options.task === "binary" ? positive : undefined);
  if (p.proba) {
    const rankings = classRankings(p, p.proba, options.task, positive);
    metrics.roc_auc = macroOrNull(rankings.map((r) => rocAuc(r)));
    metrics.average_precision = macroOrNull(rankings.map((r) => averagePrecision(r)));
    if (!p.scores) {
      const eps = options.logLossEpsilon ?? LOG_LOSS_EPSILON;
      metrics.log_loss = meanOrNull(taskLogLossPerRow(p.yTrue, p.proba, k, options.task, positive, eps));
      if (options.task === "binary") metrics.brier = meanOrNull(brierPerRow(p.yTrue, p.proba, k, positive));
    }
  }
  return { metrics, confusion };
}
