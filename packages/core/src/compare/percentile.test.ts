import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { percentileInterval, percentileOfSorted } from "./percentile.js";
import { Xoshiro128 } from "./prng.js";

describe("percentileInterval", () => {
  it("gives the percentiles of the sorted finite values (ties, NaN, any length)", () => {
    const rng = new Xoshiro128(11);
    for (let k = 0; k < 3000; k++) {
      const length = 1 + (rng.nextUint32() % 80);
      const values = Float64Array.from({ length }, () => {
        const r = rng.nextUint32() % 10;
        if (r === 0) return Number.NaN;
        return r < 5 ? (rng.nextUint32() % 5) / 4 : rng.nextUint32() / 2 ** 32 - 0.5; // many ties
      });
      const confidence = [0.5, 0.9, 0.95, 0.99][k % 4] as number;
      const sorted = values.filter((v) => !Number.isNaN(v)).sort();
      const tail = (1 - confidence) / 2;
      const expected =
        sorted.length < 2
          ? null
          : { low: percentileOfSorted(sorted, tail), high: percentileOfSorted(sorted, 1 - tail) };
      const copy = values.slice();
      assert.deepEqual(percentileInterval(values, confidence), expected, `case ${k}`);
      assert.deepEqual(values, copy, "the input is left as it was");
    }
  });
});
