import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TaskPredictions } from "./score.js";
import { segmentRows, sliceEvaluation } from "./slices.js";

/**
 * 300 rows in segments A (150), B (100), C (40), D (10). The head model is right everywhere; the
 * baseline is right everywhere except segment B, where it is always wrong. So on B the head is
 * better, and reversing the roles makes B regressed.
 */
function fixture() {
  const sizes = [150, 100, 40, 10];
  const codes = Int32Array.from(sizes.flatMap((size, s) => Array(size).fill(s)));
  const n = codes.length;
  const yTrue = Int32Array.from({ length: n }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
  const good = Int32Array.from(yTrue);
  const bad = Int32Array.from(yTrue, (y, i) => (codes[i] === 1 ? 1 - y : y));
  const model = (yPred: Int32Array): TaskPredictions => ({
    task: "binary",
    predictions: { classes: ["0", "1"], yTrue, yPred },
  });
  return {
    slice: { column: "origin", segments: ["A", "B", "C", "D"], codes },
    head: model(good),
    baseline: model(bad),
  };
}

describe("slices", () => {
  it("orders segments by size and drops those under the minimum", () => {
    const { slice } = fixture();
    const segments = segmentRows(slice, 30, 20);
    assert.deepEqual(
      segments.map((s) => [s.segment, s.rows.length]),
      [
        ["A", 150],
        ["B", 100],
        ["C", 40],
      ],
    );
    assert.deepEqual(
      Array.from(segments[2]?.rows ?? []),
      Array.from({ length: 40 }, (_, i) => 250 + i),
    );
    assert.deepEqual(
      segmentRows(slice, 1, 2).map((s) => s.segment),
      ["A", "B"],
    );
  });

  it("scores each segment and flags the one where the new model is significantly worse", () => {
    const { slice, head, baseline } = fixture();
    const improved = sliceEvaluation(head, baseline, [slice], { resamples: 200 });
    assert.deepEqual(
      improved.map((s) => [s.segment, s.rows, s.head.accuracy, s.baseline?.accuracy, s.regressed]),
      [
        ["A", 150, 1, 1, false],
        ["B", 100, 1, 0, false],
        ["C", 40, 1, 1, false],
      ],
    );
    assert.equal(improved[1]?.deltas?.accuracy?.verdict, "better");
    const regressed = sliceEvaluation(baseline, head, [slice], { resamples: 200 });
    assert.deepEqual(
      regressed.map((s) => s.regressed),
      [false, true, false],
    );
    assert.equal(regressed[1]?.deltas?.accuracy?.significant, true);
  });

  it("without a baseline reports segment metrics only", () => {
    const { slice, head } = fixture();
    const [first] = sliceEvaluation(head, null, [slice]);
    assert.equal(first?.baseline, undefined);
    assert.equal(first?.deltas, undefined);
    assert.equal(first?.regressed, false);
  });
});
