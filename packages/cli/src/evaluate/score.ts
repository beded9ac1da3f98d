import {
  type ClassificationPredictions,
  classificationMetrics,
  confusionRows,
  type MetricValues,
  regressionMetrics,
} from "@mlci/core";
import { ProblemError } from "../exit-codes.js";
import type { CollectedPredictions, CollectedRows } from "./collected.js";

export interface SideScores {
  readonly metrics: MetricValues;
  readonly confusion_matrix?: { readonly labels: readonly string[]; readonly matrix: number[][] };
}

/** The metric inputs of one side, in the shapes the core metrics read. */
export function classificationInputs(
  rows: CollectedRows,
  side: CollectedPredictions,
): ClassificationPredictions | undefined {
  if (side.kind !== "classification" || !rows.classes) return undefined;
  return {
    classes: rows.classes,
    yTrue: rows.yTrue as Int32Array,
    yPred: side.yPred,
    ...(side.proba ? { proba: side.proba } : {}),
  };
}

export function scoreSide(rows: CollectedRows, side: CollectedPredictions): SideScores {
  try {
    if (side.kind === "regression") {
      return { metrics: regressionMetrics({ yTrue: rows.yTrue as Float64Array, yPred: side.yPred }) };
    }
    const inputs = classificationInputs(rows, side) as ClassificationPredictions;
    const scores = classificationMetrics(inputs, { task: rows.task === "binary" ? "binary" : "multiclass" });
    return {
      metrics: scores.metrics,
      confusion_matrix: { labels: inputs.classes, matrix: confusionRows(scores.confusion) },
    };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new ProblemError({
      kind: "input",
      message: `cannot score the predictions: ${error.message}${rows.classes ? ` (classes seen: ${rows.classes.join(", ")})` : ""}`,
      fix: "check --task and --target: a binary task needs exactly two classes, shared by the target and the model",
    });
  }
}
