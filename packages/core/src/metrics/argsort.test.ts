import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { argsortFloat64 } from "./argsort.js";

function comparatorArgsort(values: Float64Array): number[] {
  return [...values.keys()].sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
}

describe("argsortFloat64", () => {
  it("orders negative, zero, tiny, huge and infinite values as a comparator sort does, stably", () => {
    const values = Float64Array.from([3, -0, 0, -1e-300, 1e300, -Infinity, Infinity, 0.5, -2.5, 0.5, 5e-324, -0]);
    assert.deepEqual(Array.from(argsortFloat64(values)), comparatorArgsort(values));
  });

  it("agrees with a comparator sort on random probabilities with many ties", () => {
    let state = 12345;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const values = Float64Array.from({ length: 5000 }, () => Math.round(next() * 50) / 50 - 0.3);
    assert.deepEqual(Array.from(argsortFloat64(values)), comparatorArgsort(values));
  });

  it("sorts float32 values (a model's outputs) on 32-bit keys as a comparator sort does", () => {
    let state = 777;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const special = [-0, 0, -Infinity, Infinity, 1.5e-45, -1.5e-45, 3.4e38, -3.4e38];
    const values = Float64Array.from(
      Float32Array.from([...special, ...Array.from({ length: 5000 }, () => Math.round(next() * 300) / 301 - 0.2)]),
    );
    assert.deepEqual(Array.from(argsortFloat64(values)), comparatorArgsort(values));
  });

  it("handles empty and single-element input", () => {
    assert.deepEqual(Array.from(argsortFloat64(new Float64Array(0))), []);
    assert.deepEqual(Array.from(argsortFloat64(Float64Array.of(7))), [0]);
  });
});
