/**
 * The ROC curve of evaluation.json against scikit-learn's roc_curve interpolated by NumPy on the same
 * grid (scripts/golden/roc_curve.py): random, informative, tied, perfect, inverted and rare-positive
 * scores.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { ROC_POINTS, rocCurve } from "@mlci/core/metrics/roc-curve.js";

const golden = JSON.parse(readFileSync(new URL("../golden/roc-curve.json", import.meta.url), "utf8")) as {
  cases: { name: string; y_true: number[]; score: number[]; tpr: number[] }[];
};

describe("ROC curve against scikit-learn", () => {
  for (const c of golden.cases) {
    it(c.name, () => {
      const n = c.y_true.length;
      const proba = new Float64Array(2 * n);
      c.score.forEach((s, i) => {
        proba[2 * i] = 1 - s;
        proba[2 * i + 1] = s;
      });
      const yTrue = Int32Array.from(c.y_true);
      const curve = rocCurve({ classes: ["0", "1"], yTrue, yPred: yTrue, proba });
      assert.ok(curve, "a curve for data with both classes");
      assert.equal(curve.tpr.length, ROC_POINTS);
      assert.equal(curve.fpr[25], 0.5);
      curve.tpr.forEach((t, i) => {
        assert.ok(
          Math.abs(t - (c.tpr[i] as number)) <= 5e-5 + 1e-12,
          `${c.name} at ${curve.fpr[i]}: ${t} vs ${c.tpr[i]}`,
        );
      });
    });
  }

  it("gives no curve when the rows hold one class or the model gives labels only", () => {
    const yTrue = Int32Array.from([1, 1, 1]);
    assert.equal(
      rocCurve({ classes: ["0", "1"], yTrue, yPred: yTrue, proba: Float64Array.from([0.1, 0.9, 0.2, 0.8, 0.3, 0.7]) }),
      undefined,
    );
    assert.equal(rocCurve({ classes: ["0", "1"], yTrue, yPred: yTrue }), undefined);
  });
});
