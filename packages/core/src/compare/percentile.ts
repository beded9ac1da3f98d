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

/**
 * Moves the k-th smallest value of values[from, to) to index k, smaller ones before it and larger
 * ones after (Hoare's quickselect, middle pivot): the order statistics a percentile reads, without
 * sorting every value.
 */
function select(values: Float64Array, k: number, from: number, to: number): void {
  let left = from;
  let right = to - 1;
  while (left < right) {
    const pivot = values[(left + right) >>> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

/** percentileOfSorted of `values` as if sorted: two order statistics selected (values is reordered). */
function percentileOfUnsorted(values: Float64Array, q: number): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const position = q * (n - 1);
  const below = Math.floor(position);
  select(values, below, 0, n);
  const low = values[below] as number;
  let high = low;
  if (below + 1 < n) {
    // The next order statistic is the smallest value after `below`.
    high = values[below + 1] as number;
    for (let i = below + 2; i < n; i++) if ((values[i] as number) < high) high = values[i] as number;
  }
  return low + (position - below) * (high - low);
}

/**
 * Two-sided percentile interval at `confidence` of the finite values (NaN values are dropped): the
 * same values as percentileOfSorted on the sorted finite values. Plain loops and two selections, no
 * sort and no callback: an evaluation summarises hundreds of replicate arrays once each, too few
 * calls for V8 to optimise much.
 */
export function percentileInterval(values: Float64Array, confidence: number): { low: number; high: number } | null {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i] as number)) count++;
  if (count < 2) return null;
  const finite = new Float64Array(count);
  for (let i = 0, at = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) finite[at++] = v;
  }
  const tail = (1 - confidence) / 2;
  return { low: percentileOfUnsorted(finite, tail), high: percentileOfUnsorted(finite, 1 - tail) };
}
