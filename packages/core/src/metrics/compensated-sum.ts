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

/** Mean of `f(i)` for i in [0, n) with compensated summation; NaN when n is 0. */
export function compensatedMean(n: number, f: (i: number) => number): number {
  const total = new CompensatedSum();
  for (let i = 0; i < n; i++) total.add(f(i));
  return total.value / n;
}
