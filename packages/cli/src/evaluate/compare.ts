import {
  type Comparison,
  metricsForTask,
  type PreparedModel,
  pairedBootstrap,
  prepareClassifier,
  prepareRegressor,
} from "@mlci/core";
import type { CollectedPredictions, CollectedRows } from "./collected.js";
import { classificationInputs } from "./score.js";

export interface CompareOptions {
  readonly resamples: number;
  readonly seed: number;
}

/** Paired bootstrap of head minus baseline over the evaluated rows (see docs/evaluate.md). */
export function compareSides(rows: CollectedRows, options: CompareOptions): Comparison | undefined {
  if (!rows.baseline) return undefined;
  const withProbabilities = hasProba(rows.head) && hasProba(rows.baseline);
  return pairedBootstrap(prepare(rows, rows.head), prepare(rows, rows.baseline), {
    metrics: metricsForTask(rows.task, withProbabilities),
    resamples: options.resamples,
    seed: options.seed,
  });
}

function hasProba(side: CollectedPredictions): boolean {
  return side.kind === "classification" && side.proba !== undefined;
}

export function prepare(rows: CollectedRows, side: CollectedPredictions): PreparedModel {
  if (side.kind === "regression") return prepareRegressor({ yTrue: rows.yTrue as Float64Array, yPred: side.yPred });
  const inputs = classificationInputs(rows, side);
  if (!inputs) throw new Error("classification predictions without classes"); // the collector always sets them
  return prepareClassifier(inputs, rows.task === "binary" ? "binary" : "multiclass");
}
