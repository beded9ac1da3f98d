/**
 * Neumaier (improved Kahan) summation. NumPy sums float arrays pairwise, whose error grows like
 * log(n); a plain running sum grows like n and drifts from scikit-learn's value by more than 1e-9 on
 * large inputs. A compensated sum is within a few ulps of the exact sum, so it agrees with NumPy to
 * well under the 1e-9 relative tolerance the golden tests demand.
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(value: number): void {
    const total = this.sum + value;
    if (Math.abs(this.sum) >= Math.abs(value)) this.compensation += this.sum - total + value;
    else this.compensation += value - total + this.sum;
    this.sum = total;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}

/**
 * Mean of an array with CompensatedSum's summation, in one loop without a call per element (the
 * log loss and Brier score of millions of rows). NaN when empty.
 */
export function compensatedArrayMean(values: Float64Array): number {
  const n = values.length;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < n; i++) {
    const value = values[i] as number;
    const total = sum + value;
    if (Math.abs(sum) >= Math.abs(value)) compensation += sum - total + value;
    else compensation += value - total + sum;
    sum = total;
  }
  return (sum + compensation) / n;
}
