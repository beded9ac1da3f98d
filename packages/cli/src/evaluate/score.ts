import type { TaskPredictions } from "@mlci/core";
import type { CollectedPredictions, CollectedRows } from "./collected.js";

/** One side's collected predictions in the shape the core's scoring, bootstrap and slices take. */
export function taskPredictions(rows: CollectedRows, side: CollectedPredictions, scores = false): TaskPredictions {
  if (side.kind === "regression") {
    return { task: "regression", predictions: { yTrue: rows.yTrue as Float64Array, yPred: side.yPred } };
  }
  if (!rows.classes || rows.task === "regression") throw new Error("classification predictions without classes");
  return {
    task: rows.task,
    predictions: {
      classes: rows.classes,
      yTrue: rows.yTrue as Int32Array,
      yPred: side.yPred,
      ...(side.proba ? { proba: side.proba } : {}),
      ...(scores ? { scores: true } : {}),
    },
  };
}
