import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nextDown, nextUp } from "./ulp.js";

function bits(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}

describe("nextUp / nextDown", () => {
  it("step to the adjacent double on both sides of the limit", () => {
    for (const x of [0.1, 1, -0.05, 12.5, 1e-300, -3e10]) {
      const up = nextUp(x);
      const down = nextDown(x);
      assert.ok(up > x && down < x, `${down} < ${x} < ${up}`);
      // Adjacent: one bit pattern apart.
      assert.equal(bits(up) - bits(x), x > 0 ? 1n : -1n);
      assert.equal(bits(x) - bits(down), x > 0 ? 1n : -1n);
      assert.equal(nextDown(up), x);
      assert.equal(nextUp(down), x);
    }
  });

  it("crosses zero", () => {
    assert.equal(nextUp(0), Number.MIN_VALUE);
    assert.equal(nextDown(0), -Number.MIN_VALUE);
    assert.equal(nextUp(-Number.MIN_VALUE), -0);
  });
});
