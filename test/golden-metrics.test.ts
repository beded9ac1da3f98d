/**
 * Every metric against scikit-learn 1.2.1's value on the golden cases written by
 * scripts/golden/metrics.py (random data, ties, one class only, perfect models, missing classes,
 * clipped log loss, constant and zero regression targets).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { classificationMetrics } from "@mlci/core/metrics/classification.js";
import type { MetricValues } from "@mlci/core/metrics/names.js";
import { regressionMetrics } from "@mlci/core/metrics/regression.js";

interface ClassificationCase {
  name: string;
  task: "binary" | "multiclass";
  classes: string[];
  positive: number | null;
  y_true: number[];
  y_pred: number[];
  proba: number[] | null;
  expected: Record<string, number | null>;
}
interface RegressionCase {
  name: string;
  task: "regression";
  y_true: number[];
  y_pred: number[];
  expected: Record<string, number | null>;
}
type GoldenCase = ClassificationCase | RegressionCase;

const golden = JSON.parse(readFileSync(new URL("../golden/metrics.json", import.meta.url), "utf8")) as {
  cases: GoldenCase[];
};

const RELATIVE_TOLERANCE = 1e-9;

function assertClose(actual: number | null | undefined, expected: number | null, what: string): void {
  if (expected === null) {
    assert.equal(actual, null, `${what}: expected null (undefined in scikit-learn), got ${actual}`);
    return;
  }
  assert.equal(typeof actual, "number", `${what}: expected ${expected}, got ${actual}`);
  const error = Math.abs((actual as number) - expected);
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  assert.ok(error <= RELATIVE_TOLERANCE * scale, `${what}: ${actual} vs scikit-learn ${expected}`);
}

function compute(c: GoldenCase): MetricValues {
  if (c.task === "regression") {
    return regressionMetrics({ yTrue: Float64Array.from(c.y_true), yPred: Float64Array.from(c.y_pred) });
  }
  return classificationMetrics(
    {
      classes: c.classes,
      yTrue: Int32Array.from(c.y_true),
      yPred: Int32Array.from(c.y_pred),
      ...(c.proba ? { proba: Float64Array.from(c.proba) } : {}),
    },
    { task: c.task, ...(c.positive !== null ? { positive: c.positive } : {}) },
  ).metrics;
}

describe("metrics match scikit-learn golden vectors", () => {
  assert.ok(golden.cases.length >= 25, "golden file has its cases");
  for (const c of golden.cases) {
    it(c.name, () => {
      const actual = compute(c);
      const expectedNames = Object.keys(c.expected).sort();
      assert.deepEqual(Object.keys(actual).sort(), expectedNames, "the same metrics are reported");
      for (const name of expectedNames) {
        assertClose(actual[name as keyof MetricValues], c.expected[name] as number | null, `${c.name} / ${name}`);
      }
    });
  }
});
