/**
 * The paired bootstrap against an independent oracle (scripts/golden/bootstrap.py): NumPy draws
 * Poisson(1) weights, expands each row by its weight and scores the expanded data with
 * scikit-learn. Replaying those weights, every replicate metric, every replicate difference and both
 * percentile-interval ends must agree.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { bootstrapReplicates, pairedBootstrap } from "@mlci/core/compare/bootstrap.js";
import {
  type PreparedPredictions,
  prepareClassifier,
  prepareRegressor,
  weightedMetrics,
} from "@mlci/core/compare/weighted-metrics.js";
import type { MetricName, MetricValues } from "@mlci/core/metrics/names.js";

interface ModelOutput {
  y_pred: number[];
  proba?: number[];
}
interface BootstrapCase {
  name: string;
  task: "binary" | "multiclass" | "regression";
  classes?: string[];
  y_true: number[];
  head: ModelOutput;
  baseline: ModelOutput;
  weights: number[][];
  replicates: { head: Record<string, number | null>[]; baseline: Record<string, number | null>[] };
  deltas: Record<string, { replicates: (number | null)[]; ci_low: number | null; ci_high: number | null }>;
}

const golden = JSON.parse(readFileSync(new URL("../golden/bootstrap.json", import.meta.url), "utf8")) as {
  confidence: number;
  cases: BootstrapCase[];
};

function close(actual: number | null | undefined, expected: number | null, what: string): void {
  if (expected === null) {
    assert.ok(actual === null || Number.isNaN(actual), `${what}: expected undefined, got ${actual}`);
    return;
  }
  assert.equal(typeof actual, "number", `${what}: expected ${expected}, got ${actual}`);
  const tolerance = 1e-9 * Math.abs(expected) + 1e-12;
  assert.ok(Math.abs((actual as number) - expected) <= tolerance, `${what}: ${actual} vs oracle ${expected}`);
}

function prepare(c: BootstrapCase, output: ModelOutput): PreparedPredictions {
  if (c.task === "regression") {
    return prepareRegressor({ yTrue: Float64Array.from(c.y_true), yPred: Float64Array.from(output.y_pred) });
  }
  return prepareClassifier(
    {
      classes: c.classes ?? [],
      yTrue: Int32Array.from(c.y_true),
      yPred: Int32Array.from(output.y_pred),
      proba: Float64Array.from(output.proba ?? []),
    },
    c.task,
  );
}

function replay(c: BootstrapCase) {
  return (replicate: number, weights: Uint8Array): number => {
    const row = c.weights[replicate] ?? [];
    weights.set(row);
    return row.reduce((a, b) => a + b, 0);
  };
}

describe("paired bootstrap matches the expanded-rows oracle", () => {
  for (const c of golden.cases) {
    const metrics = Object.keys(c.deltas) as MetricName[];
    const head = prepare(c, c.head);
    const baseline = prepare(c, c.baseline);

    it(`${c.name}: each replicate's metrics equal scikit-learn on the repeated rows`, () => {
      c.weights.forEach((row, r) => {
        const weights = Uint8Array.from(row);
        const total = row.reduce((a, b) => a + b, 0);
        for (const [model, expected] of [
          [head, c.replicates.head[r]],
          [baseline, c.replicates.baseline[r]],
        ] as const) {
          const actual: MetricValues = weightedMetrics(model, weights, total, new Set(metrics));
          for (const m of metrics) close(actual[m], expected?.[m] ?? null, `replicate ${r} ${m}`);
        }
      });
    });

    it(`${c.name}: replicate differences and percentile intervals equal the oracle's`, () => {
      const options = { metrics, resamples: c.weights.length, confidence: golden.confidence, drawWeights: replay(c) };
      const replicates = bootstrapReplicates(head, baseline, options);
      for (const m of metrics) {
        const expected = c.deltas[m]?.replicates ?? [];
        for (const [r, d] of expected.entries()) close(replicates.get(m)?.[r], d, `${m} replicate ${r}`);
      }
      const comparison = pairedBootstrap(head, baseline, options);
      for (const m of metrics) {
        close(comparison.deltas[m]?.ci_low, c.deltas[m]?.ci_low ?? null, `${m} ci_low`);
        close(comparison.deltas[m]?.ci_high, c.deltas[m]?.ci_high ?? null, `${m} ci_high`);
      }
    });
  }
});
