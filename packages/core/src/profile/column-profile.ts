import { estimateDistinct, mergeHyperLogLogs } from "./hyperloglog.js";
import { mergeSketches } from "./log-bucket-sketch.js";
import { mergeMoments, populationStd } from "./moments.js";
import type { CategoricalColumnProfile, ColumnProfile, DistinctSketch, NumericColumnProfile } from "./profile-file.js";
import { mergeTopCategories } from "./top-categories.js";

/** Merges two profiles of one column (profile-file.ts): exact except the top-categories list. */
export function mergeColumnProfiles(a: ColumnProfile, b: ColumnProfile): ColumnProfile {
  if (a.type === "numeric" && b.type === "numeric") return mergeNumeric(a, b);
  if (a.type === "categorical" && b.type === "categorical") return mergeCategorical(a, b);
  if (a.type === "boolean" && b.type === "boolean") {
    return {
      type: "boolean",
      count: a.count + b.count,
      missing: a.missing + b.missing,
      true_count: a.true_count + b.true_count,
    };
  }
  if (a.type === "timestamp" && b.type === "timestamp") {
    return {
      type: "timestamp",
      count: a.count + b.count,
      missing: a.missing + b.missing,
      ...mergeDistinct(a, b),
      min: pick(a.min, b.min, (x, y) => (x < y ? x : y)),
      max: pick(a.max, b.max, (x, y) => (x > y ? x : y)),
    };
  }
  throw new Error(`cannot merge a ${a.type} column with a ${b.type} column`);
}

function mergeNumeric(a: NumericColumnProfile, b: NumericColumnProfile): NumericColumnProfile {
  const moments = mergeMoments(
    { count: a.count, mean: a.mean ?? 0, m2: a.m2 },
    { count: b.count, mean: b.mean ?? 0, m2: b.m2 },
  );
  return {
    type: "numeric",
    count: moments.count,
    missing: a.missing + b.missing,
    ...mergeDistinct(a, b),
    mean: moments.count > 0 ? moments.mean : null,
    m2: moments.m2,
    std: moments.count > 0 ? populationStd(moments) : null,
    min: pick(a.min, b.min, Math.min),
    max: pick(a.max, b.max, Math.max),
    sketch: mergeSketches(a.sketch, b.sketch),
  };
}

function mergeCategorical(a: CategoricalColumnProfile, b: CategoricalColumnProfile): CategoricalColumnProfile {
  const k = Math.max(a.top.length, b.top.length);
  const categories = mergeTopCategories(a, b, Math.max(k, 1));
  const distinct = mergeDistinct(a, b);
  return {
    type: "categorical",
    count: a.count + b.count,
    missing: a.missing + b.missing,
    ...distinct,
    // A complete list counts the distinct values exactly; HyperLogLog only estimates them.
    distinct: categories.other === 0 ? categories.top.length : distinct.distinct,
    top: categories.top,
    other: categories.other,
  };
}

/** HyperLogLog union; with different hash functions only the larger estimate (a lower bound) is kept. */
function mergeDistinct(a: DistinctSketch, b: DistinctSketch): DistinctSketch {
  if (a.hll && b.hll) {
    const hll = mergeHyperLogLogs(a.hll, b.hll);
    if (hll) return { distinct: estimateDistinct(hll), hll };
  }
  const known = [a.distinct, b.distinct].filter((d): d is number => d !== null);
  return { distinct: known.length > 0 ? Math.max(...known) : null, hll: null };
}

function pick<T>(x: T | null, y: T | null, choose: (x: T, y: T) => T): T | null {
  if (x === null) return y;
  if (y === null) return x;
  return choose(x, y);
}
