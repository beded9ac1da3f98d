import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  estimateDistinct,
  HLL_PRECISION,
  hyperLogLogFromRanks,
  hyperLogLogRank,
  MEMORY_HASH,
  mergeHyperLogLogs,
} from "./hyperloglog.js";

function sketchOf(values: string[]) {
  return hyperLogLogFromRanks(
    values.map((v) => hyperLogLogRank(v)),
    MEMORY_HASH,
  );
}

const standardError = 1.04 / Math.sqrt(2 ** HLL_PRECISION);

describe("HyperLogLog", () => {
  for (const n of [10, 500, 5_000, 200_000]) {
    it(`estimates ${n} distinct values within 3 standard errors`, () => {
      const values = Array.from({ length: n }, (_, i) => `value-${i}`);
      const estimate = estimateDistinct(sketchOf([...values, ...values]));
      assert.ok(Math.abs(estimate - n) <= 3 * standardError * n + 1, `${estimate} vs ${n}`);
    });
  }

  it("merges into the sketch of the union", () => {
    const a = Array.from({ length: 30_000 }, (_, i) => `k${i}`);
    const b = Array.from({ length: 30_000 }, (_, i) => `k${i + 15_000}`);
    assert.deepEqual(mergeHyperLogLogs(sketchOf(a), sketchOf(b)), sketchOf([...a, ...b]));
  });

  it("does not merge registers of different hash functions", () => {
    const a = sketchOf(["x"]);
    assert.equal(mergeHyperLogLogs(a, { ...a, hash: "duckdb" }), null);
  });

  it("stores one character per register", () => {
    assert.equal(sketchOf(["a", "b"]).registers.length, 2 ** HLL_PRECISION);
  });
});
