import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { METRIC_NAMES } from "../metrics/names.js";
import { BinaryPairKernel } from "./binary-pair-kernel.js";
import { bootstrapReplicates } from "./bootstrap.js";
import { pairRows } from "./paired-rows.js";
import { Xoshiro128 } from "./prng.js";
import { prepareClassifier } from "./weighted-metrics.js";

function model(n: number, seed: number, yTrue: Int32Array) {
  const rng = new Xoshiro128(seed);
  const proba = new Float64Array(2 * n);
  const yPred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = Math.round((0.3 * (yTrue[i] as number) + 0.7 * (rng.nextUint32() / 2 ** 32)) * 20) / 20; // ties
    proba[2 * i] = 1 - p;
    proba[2 * i + 1] = p;
    yPred[i] = p >= 0.5 ? 1 : 0;
  }
  return { proba, yPred };
}

describe("BinaryPairKernel", () => {
  for (const positive of [1, 0]) {
    it(`gives the same replicates as the per-metric path (positive class ${positive})`, () => {
      const n = 2001; // odd: the last weight uses half of a generator output
      const yTrue = Int32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1 : 0));
      const classes = ["a", "b"];
      const head = prepareClassifier({ classes, yTrue, ...model(n, 1, yTrue) }, "binary", positive);
      const baseline = prepareClassifier({ classes, yTrue, ...model(n, 2, yTrue) }, "binary", positive);
      const options = { metrics: METRIC_NAMES.slice(0, 12), resamples: 30, seed: 4 };
      assert.ok(BinaryPairKernel.forPair(pairRows(head, baseline), new Set(options.metrics)), "the fast path applies");
      const fused = bootstrapReplicates(head, baseline, options);
      const generic = bootstrapReplicates(head, baseline, { ...options, generic: true });
      for (const [metric, values] of generic) {
        const other = fused.get(metric) ?? new Float64Array(0);
        for (const [r, v] of values.entries()) {
          assert.ok(Math.abs(v - (other[r] as number)) <= 1e-12, `${metric} replicate ${r}`);
        }
      }
    });
  }
});
