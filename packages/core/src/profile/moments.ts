/**
 * Count, mean and M2 (sum of squared deviations from the mean) of a column: the mergeable form of
 * mean and variance. Merging uses Chan, Golub and LeVeque's pairwise update, which is exact up to
 * floating-point rounding and avoids the cancellation of sum-of-squares formulas.
 */
export interface Moments {
  count: number;
  mean: number;
  m2: number;
}

export function momentsOf(values: Iterable<number>): Moments {
  let count = 0;
  let mean = 0;
  let m2 = 0;
  for (const value of values) {
    count++;
    const delta = value - mean;
    mean += delta / count;
    m2 += delta * (value - mean);
  }
  return { count, mean, m2 };
}

export function mergeMoments(a: Moments, b: Moments): Moments {
  if (a.count === 0) return { ...b };
  if (b.count === 0) return { ...a };
  const count = a.count + b.count;
  const delta = b.mean - a.mean;
  return {
    count,
    mean: a.mean + (delta * b.count) / count,
    m2: a.m2 + b.m2 + (delta * delta * a.count * b.count) / count,
  };
}

/** Population standard deviation (ddof = 0, as numpy's default and Evidently's normalisation). */
export function populationStd(moments: Moments): number {
  return moments.count > 0 ? Math.sqrt(Math.max(moments.m2, 0) / moments.count) : 0;
}
