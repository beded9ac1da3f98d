import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Xoshiro128 } from "../compare/prng.js";
import { classRankings, probabilityColumn, rankSubset } from "./classification.js";
import type { ClassificationPredictions } from "./predictions.js";
import { rankScores } from "./ranking.js";

/** k classes, probabilities on a coarse grid (many ties), labels at random. */
function predictions(n: number, k: number, seed: number): ClassificationPredictions {
  const rng = new Xoshiro128(seed);
  const proba = new Float64Array(n * k);
  const yTrue = new Int32Array(n);
  const yPred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let c = 0; c < k; c++) {
      const v = 1 + (rng.nextUint32() % 8);
      proba[i * k + c] = v;
      total += v;
    }
    for (let c = 0; c < k; c++) proba[i * k + c] = (proba[i * k + c] as number) / total;
    yTrue[i] = rng.nextUint32() % k;
    yPred[i] = rng.nextUint32() % k;
  }
  return { classes: Array.from({ length: k }, (_, c) => `c${c}`), yTrue, yPred, proba };
}

function subsetOf(p: ClassificationPredictions, rows: Uint32Array): ClassificationPredictions {
  const k = p.classes.length;
  const proba = new Float64Array(rows.length * k);
  rows.forEach((row, i) => {
    for (let c = 0; c < k; c++) proba[i * k + c] = p.proba?.[row * k + c] as number;
  });
  return {
    classes: p.classes,
    yTrue: Int32Array.from(rows, (row) => p.yTrue[row] as number),
    yPred: Int32Array.from(rows, (row) => p.yPred[row] as number),
    proba,
  };
}

describe("rankSubset", () => {
  for (const [task, k, positive] of [
    ["binary", 2, 1],
    ["binary", 2, 0],
    ["multiclass", 3, 1],
  ] as const) {
    it(`gives a ${task} subset the rankings a sort of its own scores gives (positive class ${positive})`, () => {
      const full = predictions(600, k, 5);
      const rows = Uint32Array.from({ length: 600 }, (_, i) => i).filter((i) => i % 3 !== 1);
      const subset = subsetOf(full, rows);
      const proba = subset.proba as Float64Array;
      const classes = task === "binary" ? [positive] : [0, 1, 2];
      const sorted = classes.map((c) =>
        rankScores(
          probabilityColumn(proba, k, c),
          Uint8Array.from(subset.yTrue, (y) => (y === c ? 1 : 0)),
        ),
      );
      rankSubset(full, subset, rows, task, positive);
      // Scores wiped after the fact: what classRankings returns now was made by rankSubset, not by a sort.
      proba.fill(0);
      const kept = classRankings(subset, proba, task, positive);
      assert.deepEqual(kept, sorted);
    });
  }
});
