/**
 * Percentile with linear interpolation between order statistics: NumPy's default
 * (`np.percentile(..., method="linear")`), so intervals can be checked against NumPy.
 * `sorted` must be ascending; q in [0, 1].
 */
export function percentileOfSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = q * (n - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, n - 1);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (position - below) * (high - low);
}

/** Two-sided percentile interval at `confidence` of the finite values (NaN values are dropped). */
export function percentileInterval(values: Float64Array, confidence: number): { low: number; high: number } | null {
  const finite = values.filter((v) => !Number.isNaN(v)).sort();
  if (finite.length < 2) return null;
  const tail = (1 - confidence) / 2;
  return { low: percentileOfSorted(finite, tail), high: percentileOfSorted(finite, 1 - tail) };
}
