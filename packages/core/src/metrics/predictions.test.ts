import assert from "node:assert/strict";
import { test } from "node:test";
import { classificationInputErrors, regressionInputErrors } from "./predictions.js";

const classes = ["no", "yes"];

test("classification input errors name the first bad row of each array", () => {
  const ok = {
    classes,
    yTrue: Int32Array.from([0, 1, 1]),
    yPred: Int32Array.from([0, 1, 0]),
    proba: Float64Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4]),
  };
  assert.deepEqual(classificationInputErrors(ok), []);
  assert.deepEqual(
    classificationInputErrors({
      ...ok,
      yTrue: Int32Array.from([0, -1, 2]),
      yPred: Int32Array.from([0, 1, 2]),
      proba: Float64Array.from([0.9, 0.1, 0.2, 0.8, Number.POSITIVE_INFINITY, Number.NaN]),
    }),
    [
      "true label of row 2 is class index -1, outside 0..1",
      "predicted label of row 3 is class index 2, outside 0..1",
      "probability of row 3 is Infinity",
    ],
  );
  assert.deepEqual(classificationInputErrors({ ...ok, proba: Float64Array.from([0.9, 0.1, Number.NaN, 0.8, 0, 1]) }), [
    "probability of row 2 is NaN",
  ]);
});

test("regression input errors name the first value that is not finite", () => {
  assert.deepEqual(regressionInputErrors({ yTrue: Float64Array.from([1, 2]), yPred: Float64Array.from([1, 2]) }), []);
  assert.deepEqual(
    regressionInputErrors({
      yTrue: Float64Array.from([1, Number.NEGATIVE_INFINITY]),
      yPred: Float64Array.from([Number.NaN, 2]),
    }),
    ["true value of row 2 is -Infinity", "prediction of row 1 is NaN"],
  );
});
