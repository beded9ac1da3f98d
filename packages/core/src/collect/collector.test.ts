/** The predictions collector on plain batches: no files, no model, no engine. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ColumnBatch, ColumnValues } from "../column-batch.js";
import { ProblemError } from "../problem.js";
import { PredictionProfileAccumulator } from "../profile/prediction-accumulator.js";
import { MISSING_SEGMENT } from "./collected.js";
import { PredictionCollector } from "./collector.js";
import { taskPredictions } from "./task-predictions.js";

function batch(offset: number, columns: Record<string, ColumnValues>): ColumnBatch {
  const rows = Object.values(columns)[0]?.values.length ?? 0;
  return { rows, offset, columns: new Map(Object.entries(columns)) };
}
const text = (...values: (string | null)[]): ColumnValues => ({ kind: "string", values });
const numbers = (...values: number[]): ColumnValues => ({ kind: "number", values: Float64Array.from(values) });

describe("PredictionCollector", () => {
  it("puts head, baseline and target classes in one index space and remaps probabilities into it", () => {
    // The head knows [no, yes]; the baseline gives its columns as [yes, no].
    const collector = new PredictionCollector("binary", "late", ["airport"], ["no", "yes"], ["yes", "no"]);
    collector.add(
      batch(0, { late: text("yes", "no"), airport: text("SFO", null) }),
      {
        labels: { names: ["yes", "no"], codes: Int32Array.of(0, 1) },
        probabilities: Float64Array.of(0.2, 0.8, 0.9, 0.1),
      },
      { labels: { names: ["no"], codes: Int32Array.of(0, 0) }, probabilities: Float64Array.of(0.4, 0.6, 0.3, 0.7) },
    );
    collector.add(
      batch(2, { late: text("no"), airport: text("SFO") }),
      { labels: { names: ["no"], codes: Int32Array.of(0) }, probabilities: Float64Array.of(0.7, 0.3) },
      { labels: { names: ["yes"], codes: Int32Array.of(0) }, probabilities: Float64Array.of(0.55, 0.45) },
    );
    const rows = collector.finish();
    assert.deepEqual(rows.classes, ["no", "yes"]);
    assert.deepEqual(Array.from(rows.yTrue), [1, 0, 0]);
    assert.deepEqual(rows.head.kind === "classification" && Array.from(rows.head.yPred), [1, 0, 0]);
    const baseline = rows.baseline?.kind === "classification" ? rows.baseline : undefined;
    assert.deepEqual(Array.from(baseline?.proba ?? []), [0.6, 0.4, 0.7, 0.3, 0.45, 0.55]);
    assert.deepEqual(rows.slices, [
      { column: "airport", segments: ["SFO", MISSING_SEGMENT], codes: Int32Array.of(0, 1, 0) },
    ]);
    const head = taskPredictions(rows, rows.head, true);
    assert.equal(head.task === "binary" && head.predictions.scores, true);
  });

  it("refuses a missing target naming the data row", () => {
    const collector = new PredictionCollector("regression", "y", []);
    assert.throws(
      () => collector.add(batch(10, { y: numbers(1, Number.NaN) }), { values: Float64Array.of(1, 2) }),
      (error: unknown) => error instanceof ProblemError && /missing at data row 12/.test(error.message),
    );
  });
});

describe("PredictionProfileAccumulator", () => {
  it("profiles a binary classifier's positive-class probability and counts correct labels", () => {
    const accumulator = new PredictionProfileAccumulator("binary", 2);
    accumulator.add(
      {
        labels: { names: ["0", "1"], codes: Int32Array.of(1, 0, 0) },
        probabilities: Float64Array.of(0.2, 0.8, 0.7, 0.3, 0.6, 0.4),
      },
      3,
      numbers(1, 1, Number.NaN),
    );
    const { predictions, performance } = accumulator.finish();
    assert.deepEqual(performance, { task: "binary", rows: 2, correct: 1 });
    assert.equal(predictions.value?.count, 3);
    assert.equal(predictions.label?.count, 3);
  });

  it("sums regression errors", () => {
    const accumulator = new PredictionProfileAccumulator("regression", 0);
    accumulator.add({ values: Float64Array.of(1, 4) }, 2, numbers(2, 2));
    assert.deepEqual(accumulator.finish().performance, {
      task: "regression",
      rows: 2,
      sum_abs_error: 3,
      sum_squared_error: 5,
    });
  });
});
