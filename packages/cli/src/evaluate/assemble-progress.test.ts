import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CollectedRows } from "@mlci/core/collect/collected.js";
import { equalModels } from "@mlci/core/testing/equal-models.js";
import { buildEvaluation } from "./assemble.js";
import type { Progress, StartProgress } from "./progress.js";
import type { EvaluationRun } from "./run-evaluation.js";
import type { EvaluateSettings } from "./settings.js";

/** Records every progress bar started and what it was told. */
function recorder() {
  const bars: Array<{ total: number; label: string; unit: string; advanced: number; done: number }> = [];
  const start: StartProgress = (total, label, unit) => {
    const bar = { total, label, unit, advanced: 0, done: 0 };
    bars.push(bar);
    const progress: Progress = {
      advance: (n) => {
        assert.ok(n > 0, "advances by a positive amount");
        bar.advanced += n;
      },
      done: () => {
        bar.done++;
      },
    };
    return progress;
  };
  return { bars, start };
}

function settings(resamples: number): EvaluateSettings {
  return { name: "m", target: "y", resamples, seed: 1, minSupport: 30, cost: false, scores: false } as EvaluateSettings;
}

function run(collected: CollectedRows): EvaluationRun {
  const side = { source: { predictions: "predictions.csv" } };
  return { task: collected.task, dataPath: "data.csv", collected, head: side, baseline: side };
}

describe("evaluate's bootstrap progress", () => {
  it("binary classifiers: one bar over the resamples, for the overall comparison and every segment at once", async () => {
    const pair = equalModels({ rows: 2000, seed: 2, columns: [{ name: "origin", segments: 5 }] });
    if (pair.head.task === "regression" || pair.baseline.task === "regression") throw new Error("binary fixture");
    const collected: CollectedRows = {
      task: "binary",
      rows: 2000,
      classes: pair.head.predictions.classes,
      yTrue: pair.head.predictions.yTrue,
      head: { kind: "classification", yPred: pair.head.predictions.yPred, proba: pair.head.predictions.proba },
      baseline: {
        kind: "classification",
        yPred: pair.baseline.predictions.yPred,
        proba: pair.baseline.predictions.proba,
      },
      slices: pair.slices,
    };
    const { bars, start } = recorder();
    const evaluation = await buildEvaluation(run(collected), settings(40), start);
    assert.equal(evaluation.slices.length, 5);
    assert.deepEqual(bars, [{ total: 40, label: "bootstrap", unit: "resamples", advanced: 40, done: 1 }]);
  });

  it("regressors: the overall bootstrap and one per segment, each resample counted", async () => {
    const n = 900;
    const yTrue = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 10);
    const collected: CollectedRows = {
      task: "regression",
      rows: n,
      yTrue,
      head: { kind: "regression", yPred: yTrue.map((y, i) => y + Math.cos(i)) },
      baseline: { kind: "regression", yPred: yTrue.map((y, i) => y + Math.cos(2 * i)) },
      slices: [{ column: "s", segments: ["a", "b", "c"], codes: Int32Array.from({ length: n }, (_, i) => i % 3) }],
    };
    const { bars, start } = recorder();
    await buildEvaluation(run(collected), settings(20), start);
    assert.deepEqual(bars, [{ total: 80, label: "bootstrap", unit: "resamples", advanced: 80, done: 1 }]);
  });

  it("without a baseline: no bootstrap, no bar", async () => {
    const n = 100;
    const yTrue = Float64Array.from({ length: n }, (_, i) => i);
    const collected: CollectedRows = {
      task: "regression",
      rows: n,
      yTrue,
      head: { kind: "regression", yPred: yTrue },
      slices: [],
    };
    const { bars, start } = recorder();
    await buildEvaluation({ ...run(collected), baseline: undefined } as EvaluationRun, settings(20), start);
    assert.deepEqual(bars, []);
  });
});
