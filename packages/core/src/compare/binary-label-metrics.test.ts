import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { labelMetrics } from "../metrics/label-metrics.js";
import { LABEL_METRIC_NAMES } from "../metrics/names.js";
import { binaryLabelMetricsInto } from "./binary-label-metrics.js";
import { Xoshiro128 } from "./prng.js";

describe("binaryLabelMetricsInto", () => {
  it("equals labelMetrics to the last bit, empty classes and zero counts included", () => {
    const rng = new Xoshiro128(3);
    const out = new Float64Array(LABEL_METRIC_NAMES.length);
    for (let trial = 0; trial < 2000; trial++) {
      // Each count is 0 a quarter of the time, so every zero-division branch is reached.
      const count = () => (rng.nextUint32() % 4 === 0 ? 0 : rng.nextUint32() % 500);
      const counts = Float64Array.of(count(), count(), count(), count()); // [t0p0, t0p1, t1p0, t1p1]
      for (const positive of [0, 1]) {
        const negative = 1 - positive;
        const truePositive = counts[positive * 2 + positive] as number;
        const positives = truePositive + (counts[positive * 2 + negative] as number);
        const predicted = truePositive + (counts[negative * 2 + positive] as number);
        const total = counts.reduce((a, b) => a + b, 0);
        binaryLabelMetricsInto(positive, predicted, truePositive, positives, total, out);
        const expected = labelMetrics({ k: 2, counts }, positive);
        LABEL_METRIC_NAMES.forEach((m, i) => {
          const want = expected[m] ?? Number.NaN;
          assert.ok(
            Object.is(out[i], want),
            `${m} of ${counts.join(",")} (positive ${positive}): ${out[i]} vs ${want}`,
          );
        });
      }
    }
  });
});
