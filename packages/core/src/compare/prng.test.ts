import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fillPoissonWeights, POISSON_ONE_TABLE } from "./poisson-weights.js";
import { Xoshiro128 } from "./prng.js";

describe("Xoshiro128", () => {
  it("produces the reference xoshiro128** sequence from state (1, 2, 3, 4)", () => {
    const rng = new Xoshiro128(0);
    rng.state.set([1, 2, 3, 4]);
    assert.deepEqual(
      [rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32()],
      [11520, 0, 5927040, 70819200],
    );
  });

  it("repeats a stream for the same seed and stream, and differs across streams", () => {
    const draw = (seed: number, stream: number) => {
      const rng = new Xoshiro128(seed, stream);
      return [rng.nextUint32(), rng.nextUint32(), rng.nextUint32()];
    };
    assert.deepEqual(draw(42, 3), draw(42, 3));
    assert.notDeepEqual(draw(42, 3), draw(42, 4));
    assert.notDeepEqual(draw(42, 3), draw(43, 3));
  });
});

describe("Poisson(1) weights", () => {
  it("the inline generator uses the same stream as nextUint32, two 16-bit draws per output", () => {
    const weights = new Uint8Array(7);
    fillPoissonWeights(new Xoshiro128(9, 1), weights);
    const rng = new Xoshiro128(9, 1);
    const expected: number[] = [];
    while (expected.length < 7) {
      const r = rng.nextUint32();
      expected.push(POISSON_ONE_TABLE[r & 0xffff] as number, POISSON_ONE_TABLE[r >>> 16] as number);
    }
    assert.deepEqual(Array.from(weights), expected.slice(0, 7));
  });

  it("has the Poisson(1) probabilities to within the 1/65536 quantisation", () => {
    const counts = new Array(10).fill(0);
    for (const k of POISSON_ONE_TABLE) counts[k]++;
    for (let k = 0; k < 10; k++) {
      const factorial = [1, 1, 2, 6, 24, 120, 720, 5040, 40320, 362880][k] as number;
      const exact = Math.exp(-1) / factorial;
      assert.ok(Math.abs(counts[k] / 65536 - exact) <= 1.5 / 65536, `P(${k})`);
    }
  });

  it("draws weights with mean and variance 1 and returns their sum", () => {
    const weights = new Uint8Array(200_001);
    const total = fillPoissonWeights(new Xoshiro128(5), weights);
    let sum = 0;
    let squares = 0;
    for (const w of weights) {
      sum += w;
      squares += w * w;
    }
    assert.equal(total, sum);
    const mean = sum / weights.length;
    const variance = squares / weights.length - mean * mean;
    // Standard errors: sqrt(1/n) = 0.0022 for the mean, about 0.005 for the variance.
    assert.ok(Math.abs(mean - 1) < 0.01, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 0.025, `variance ${variance}`);
  });
});
