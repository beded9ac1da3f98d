/**
 * Head and baseline statistics over the same rows, stored in one row order chosen for speed: the
 * order of the head model's main ranking (positive-class scores; absolute errors for regression).
 * Bootstrap weights are drawn per stored row, and since they are independent and identically
 * distributed, which row receives which draw does not matter; what matters is that head and
 * baseline read the same weight for the same row, which the shared order guarantees. With this
 * order the head model's ROC AUC (or median error) is a sequential pass, and only the baseline's
 * needs a gather.
 */
import type { RankedScores } from "../metrics/ranking.js";
import type { PreparedClassifier, PreparedPredictions, PreparedRegressor } from "./weighted-metrics.js";

export interface PairedRows {
  readonly rows: number;
  readonly head: PreparedPredictions;
  readonly baseline: PreparedPredictions;
  /** Stored row j is input row order[j]; null when rows keep their input order. */
  readonly order: Uint32Array | null;
}

function rowCount(model: PreparedPredictions): number {
  return model.kind === "classification" ? model.cells.length : model.absoluteError.length;
}

function primaryOrder(model: PreparedPredictions): Uint32Array | null {
  if (model.kind === "regression") return model.absoluteErrorOrder;
  return model.rankings?.[0]?.order ?? null;
}

function permute<T extends Float64Array | Int32Array>(values: T, order: Uint32Array, make: (n: number) => T): T {
  const out = make(values.length);
  for (let j = 0; j < order.length; j++) out[j] = values[order[j] as number] as number;
  return out;
}

/** An order over old row indices, rewritten over new (permuted) row indices. */
function remapOrder(order: Uint32Array, newIndexOf: Uint32Array): Uint32Array {
  const out = new Uint32Array(order.length);
  for (let j = 0; j < order.length; j++) out[j] = newIndexOf[order[j] as number] as number;
  return out;
}

function isIdentity(order: Uint32Array): boolean {
  for (let j = 0; j < order.length; j++) if (order[j] !== j) return false;
  return true;
}

function remapRanking(ranked: RankedScores, newIndexOf: Uint32Array): RankedScores {
  const order = remapOrder(ranked.order, newIndexOf);
  return { ...ranked, order, identity: isIdentity(order) };
}

function permuteModel(model: PreparedPredictions, order: Uint32Array, newIndexOf: Uint32Array): PreparedPredictions {
  const floats = (v: Float64Array) => permute(v, order, (n) => new Float64Array(n));
  if (model.kind === "regression") {
    const permuted: PreparedRegressor = {
      kind: "regression",
      absoluteError: floats(model.absoluteError),
      squaredError: floats(model.squaredError),
      percentageError: floats(model.percentageError),
      absoluteErrorOrder: remapOrder(model.absoluteErrorOrder, newIndexOf),
      centeredTarget: floats(model.centeredTarget),
    };
    return permuted;
  }
  const permuted: PreparedClassifier = {
    ...model,
    cells: permute(model.cells, order, (n) => new Int32Array(n)),
    logLoss: model.logLoss ? floats(model.logLoss) : null,
    brier: model.brier ? floats(model.brier) : null,
    rankings: model.rankings ? model.rankings.map((r) => remapRanking(r, newIndexOf)) : null,
  };
  return permuted;
}

export function pairRows(head: PreparedPredictions, baseline: PreparedPredictions): PairedRows {
  const rows = rowCount(head);
  if (rowCount(baseline) !== rows) {
    throw new RangeError(`head has ${rows} rows but baseline has ${rowCount(baseline)}: compare them on the same rows`);
  }
  if (head.kind !== baseline.kind)
    throw new RangeError(`cannot compare a ${head.kind} model with a ${baseline.kind} model`);
  const order = primaryOrder(head);
  if (!order) return { rows, head, baseline, order: null };
  const newIndexOf = new Uint32Array(rows);
  for (let j = 0; j < rows; j++) newIndexOf[order[j] as number] = j;
  return {
    rows,
    head: permuteModel(head, order, newIndexOf),
    baseline: permuteModel(baseline, order, newIndexOf),
    order,
  };
}
