import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { regressionMetrics } from "./regression.js";

describe("regressionMetrics", () => {
  it("treats a constant target whose float mean is inexact as constant (R² 0 or 1, not -1e30)", () => {
    const yTrue = new Float64Array(3).fill(0.1);
    assert.equal(regressionMetrics({ yTrue, yPred: Float64Array.of(0.1, 0.1, 0.1) }).r2, 1);
    assert.equal(regressionMetrics({ yTrue, yPred: Float64Array.of(0.2, 0.1, 0.1) }).r2, 0);
  });

  it("returns null for every metric on no rows and rejects mismatched lengths", () => {
    assert.deepEqual(regressionMetrics({ yTrue: new Float64Array(0), yPred: new Float64Array(0) }), {
      mae: null,
      mse: null,
      rmse: null,
      r2: null,
      mape: null,
      median_ae: null,
    });
    assert.throws(
      () => regressionMetrics({ yTrue: new Float64Array(2), yPred: new Float64Array(3) }),
      /2 true values but 3/,
    );
  });
});
