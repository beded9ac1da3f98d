/**
 * Whether a classifier's probability output holds probabilities. A tree ensemble exported with its
 * weights under the other class id outputs rows [0, p]; a model exported without its final sigmoid
 * outputs margins like 2.7. Scored as probabilities, such rows give a log loss of 26 instead of 0.5
 * and a Brier score above 1, silently. So an output is refused unless every value lies in [0, 1] and
 * every row sums to 1 within a tolerance; `--scores` accepts uncalibrated scores and then only the
 * ranking metrics use them.
 */

/** float32 outputs summed over a few dozen classes stay within 1e-5 of 1; 1e-3 leaves room for float16. */
export const PROBABILITY_SUM_TOLERANCE = 1e-3;

export interface InvalidProbabilityRow {
  /** 0-based row of the evaluated data. */
  readonly row: number;
  readonly values: readonly number[];
  /** What is wrong with the row, e.g. "sums to 0.53, not 1". */
  readonly reason: string;
}

function round(value: number): number {
  return Number(value.toPrecision(6));
}

/** The first row that is not a probability distribution over the k classes, or null. */
export function invalidProbabilityRow(
  proba: Float64Array,
  k: number,
  tolerance: number = PROBABILITY_SUM_TOLERANCE,
): InvalidProbabilityRow | null {
  const rows = Math.floor(proba.length / k);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    let outside: number | null = null;
    for (let c = 0; c < k; c++) {
      const v = proba[i * k + c] as number;
      if (!(v >= 0 && v <= 1) && outside === null) outside = v;
      sum += v;
    }
    const values = () => Array.from(proba.subarray(i * k, i * k + k), round);
    if (outside !== null) return { row: i, values: values(), reason: `${round(outside)} is outside [0, 1]` };
    if (Math.abs(sum - 1) > tolerance) {
      return { row: i, values: values(), reason: `the row sums to ${round(sum)}, not 1 (tolerance ${tolerance})` };
    }
  }
  return null;
}
