import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { invalidProbabilityRow } from "./probability-check.js";

describe("invalidProbabilityRow", () => {
  it("accepts rows of probabilities summing to 1 within the tolerance", () => {
    assert.equal(invalidProbabilityRow(Float64Array.of(0.2, 0.8, 1, 0, 0.3, 0.7005), 2), null);
  });

  it("names the first row that sums to something else, with its values", () => {
    assert.deepEqual(invalidProbabilityRow(Float64Array.of(0.2, 0.8, 0, 0.53, 0, 0.1), 2), {
      row: 1,
      values: [0, 0.53],
      reason: "the row sums to 0.53, not 1 (tolerance 0.001)",
    });
  });

  it("names a value outside [0, 1] even when the row sums to 1", () => {
    assert.equal(invalidProbabilityRow(Float64Array.of(-0.2, 1.2), 2)?.reason, "-0.2 is outside [0, 1]");
    assert.equal(invalidProbabilityRow(Float64Array.of(Number.NaN, 1), 2)?.reason, "NaN is outside [0, 1]");
  });
});
