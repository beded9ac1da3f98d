import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { REGRESSION_METRICS } from "../metrics/names.js";
import { bootstrapReplicates } from "./bootstrap.js";
import { pairRows } from "./paired-rows.js";
import { Xoshiro128 } from "./prng.js";
import { RegressionPairKernel } from "./regression-pair-kernel.js";
import { prepareRegressor } from "./weighted-metrics.js";

describe("RegressionPairKernel", () => {
  it("gives the same replicates as the per-metric path", () => {
    const n = 1501;
    const rng = new Xoshiro128(8);
    const u = () => rng.nextUint32() / 2 ** 32;
    // Integer targets (ties in the errors), some zeros (huge MAPE terms).
    const yTrue = Float64Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 0 : Math.round(u() * 20)));
    const head = prepareRegressor({ yTrue, yPred: yTrue.map((y) => y + Math.round((u() - 0.5) * 4)) });
    const baseline = prepareRegressor({ yTrue, yPred: yTrue.map((y) => y + (u() - 0.5) * 6) });
    const options = { metrics: REGRESSION_METRICS, resamples: 25, seed: 2 };
    assert.ok(
      RegressionPairKernel.forPair(pairRows(head, baseline), new Set(options.metrics)),
      "the fast path applies",
    );
    const fused = bootstrapReplicates(head, baseline, options);
    const generic = bootstrapReplicates(head, baseline, { ...options, generic: true });
    for (const [metric, values] of generic) {
      const other = fused.get(metric) ?? new Float64Array(0);
      for (const [r, v] of values.entries()) {
        const tolerance = 1e-9 * Math.abs(v) + 1e-12;
        assert.ok(Math.abs(v - (other[r] as number)) <= tolerance, `${metric} replicate ${r}: ${v} vs ${other[r]}`);
      }
    }
  });
});
