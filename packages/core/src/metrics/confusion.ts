/**
 * Confusion matrices as flat row-major arrays (row = true class, column = predicted class), with
 * optional integer row weights so that the bootstrap reuses the same counting code.
 */
export interface ConfusionMatrix {
  /** Number of classes; the matrix is k x k. */
  readonly k: number;
  /** counts[t * k + p]: (weighted) number of rows of true class t predicted as p. */
  readonly counts: Float64Array;
}

export function confusionMatrix(
  yTrue: Int32Array,
  yPred: Int32Array,
  k: number,
  weights?: Uint8Array,
): ConfusionMatrix {
  const counts = new Float64Array(k * k);
  const n = yTrue.length;
  for (let i = 0; i < n; i++) {
    const cell = (yTrue[i] as number) * k + (yPred[i] as number);
    counts[cell] = (counts[cell] as number) + (weights ? (weights[i] as number) : 1);
  }
  return { k, counts };
}

/** The matrix as nested arrays, the shape evaluation.json stores. */
export function confusionRows(matrix: ConfusionMatrix): number[][] {
  const rows: number[][] = [];
  for (let t = 0; t < matrix.k; t++) rows.push(Array.from(matrix.counts.subarray(t * matrix.k, (t + 1) * matrix.k)));
  return rows;
}

/** Per-class sums: true (row) totals, predicted (column) totals and the diagonal. */
export interface ClassTotals {
  readonly truePerClass: Float64Array;
  readonly predictedPerClass: Float64Array;
  readonly correctPerClass: Float64Array;
  readonly total: number;
}

export function classTotals({ k, counts }: ConfusionMatrix): ClassTotals {
  const truePerClass = new Float64Array(k);
  const predictedPerClass = new Float64Array(k);
  const correctPerClass = new Float64Array(k);
  let total = 0;
  for (let t = 0; t < k; t++) {
    for (let p = 0; p < k; p++) {
      const c = counts[t * k + p] as number;
      truePerClass[t] = (truePerClass[t] as number) + c;
      predictedPerClass[p] = (predictedPerClass[p] as number) + c;
      total += c;
    }
    correctPerClass[t] = counts[t * k + t] as number;
  }
  return { truePerClass, predictedPerClass, correctPerClass, total };
}
