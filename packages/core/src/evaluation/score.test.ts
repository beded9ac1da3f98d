import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareModels, scoreModel, type TaskPredictions } from "./score.js";

const classes = ["cat", "dog", "eel"];
const yTrue = Int32Array.of(0, 1, 2, 2, 1, 0, 0, 1, 2, 1);
const withProba: TaskPredictions = {
  task: "multiclass",
  predictions: {
    classes,
    yTrue,
    yPred: Int32Array.of(0, 1, 2, 1, 1, 0, 2, 1, 2, 1),
    proba: Float64Array.from(
      [0, 1, 2, 1, 1, 0, 2, 1, 2, 1].flatMap((c) => [0, 1, 2].map((k) => (k === c ? 0.8 : 0.1))),
    ),
  },
};
const labelsOnly: TaskPredictions = {
  task: "multiclass",
  predictions: { classes, yTrue, yPred: Int32Array.of(0, 0, 2, 2, 1, 0, 0, 1, 1, 1) },
};

describe("scoreModel", () => {
  it("reports the confusion matrix with class names, rows = true class", () => {
    const { confusion_matrix } = scoreModel(withProba);
    assert.deepEqual(confusion_matrix, {
      labels: classes,
      matrix: [
        [2, 0, 1],
        [0, 4, 0],
        [0, 1, 2],
      ],
    });
  });
});

describe("compareModels", () => {
  it("compares only the metrics both models report", () => {
    const comparison = compareModels(withProba, labelsOnly, { resamples: 20 });
    assert.deepEqual(Object.keys(comparison.deltas).sort(), [
      "accuracy",
      "balanced_accuracy",
      "f1_macro",
      "f1_micro",
      "f1_weighted",
    ]);
    assert.equal(comparison.deltas.accuracy?.delta, 0); // both right on 8 of 10 rows
    assert.equal(comparison.deltas.accuracy?.verdict, "same");
  });

  it("refuses to compare models of different tasks", () => {
    const regression: TaskPredictions = {
      task: "regression",
      predictions: { yTrue: new Float64Array(10), yPred: new Float64Array(10) },
    };
    assert.throws(() => compareModels(withProba, regression), /multiclass model but baseline is regression/);
  });
});
