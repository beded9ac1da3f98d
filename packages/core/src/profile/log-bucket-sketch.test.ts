import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normalSampler, seededRandom } from "../testing/random.js";
import {
  MAX_BUCKETS_PER_STORE,
  mergeSketches,
  sketchBuckets,
  sketchCount,
  sketchFromValues,
  sketchQuantile,
} from "./log-bucket-sketch.js";

function exactLowerQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] as number;
}

describe("log-bucket sketch", () => {
  const random = seededRandom(7);
  const normal = normalSampler(random);
  const values = Array.from({ length: 20_000 }, (_, i) =>
    i % 50 === 0 ? 0 : Math.exp(normal()) * (i % 3 === 0 ? -1 : 1),
  );
  const sorted = [...values].sort((a, b) => a - b);

  it("answers every quantile within the stated relative accuracy", () => {
    const sketch = sketchFromValues(values, 0.02);
    for (const q of [0, 0.01, 0.1, 0.25, 0.33, 0.5, 0.75, 0.9, 0.99, 1]) {
      const exact = exactLowerQuantile(sorted, q);
      const estimate = sketchQuantile(sketch, q) as number;
      assert.ok(Math.abs(estimate - exact) <= 0.02 * Math.abs(exact) + 1e-12, `q=${q}: ${estimate} vs ${exact}`);
    }
  });

  it("counts zeros apart and keeps the total", () => {
    const sketch = sketchFromValues(values, 0.02);
    assert.equal(sketch.zero, values.filter((v) => v === 0).length);
    assert.equal(sketchCount(sketch), values.length);
  });

  it("merges shards into exactly the sketch of the whole", () => {
    const whole = sketchFromValues(values, 0.02);
    const parts = [0, 1, 2, 3].map((p) =>
      sketchFromValues(
        values.filter((_, i) => i % 4 === p),
        0.02,
      ),
    );
    const merged = parts.reduce((a, b) => mergeSketches(a, b));
    assert.deepEqual(merged, whole);
  });

  it("lists buckets in increasing value order", () => {
    const buckets = sketchBuckets(sketchFromValues(values, 0.02));
    for (let i = 1; i < buckets.length; i++) {
      assert.ok((buckets[i - 1]?.value as number) < (buckets[i]?.value as number));
      assert.ok((buckets[i - 1]?.key as number) < (buckets[i]?.key as number));
    }
  });

  it("folds tiny magnitudes so a store never exceeds its bucket cap", () => {
    const wide = Array.from({ length: 2000 }, (_, i) => 10 ** (-150 + (i * 300) / 2000));
    const sketch = sketchFromValues(wide, 0.02);
    assert.equal(sketch.positive.counts.length, MAX_BUCKETS_PER_STORE);
    assert.equal(sketchCount(sketch), wide.length);
    // The largest magnitudes keep their accuracy.
    const top = sketchQuantile(sketch, 1) as number;
    assert.ok(Math.abs(top - (wide.at(-1) as number)) <= 0.02 * (wide.at(-1) as number));
  });

  it("refuses to merge sketches of different accuracy", () => {
    assert.throws(() => mergeSketches(sketchFromValues([1], 0.01), sketchFromValues([1], 0.02)), /relative accuracy/);
  });
});
