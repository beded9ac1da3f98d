/**
 * A mergeable quantile sketch with logarithmic buckets (the DDSketch construction, Masson, Rim and
 * Lee, VLDB 2019). A value v != 0 falls in bucket i = ceil(log_gamma |v|), which covers
 * (gamma^(i-1), gamma^i] in magnitude; gamma = (1 + alpha) / (1 - alpha), so the bucket's
 * representative 2 gamma^i / (gamma + 1) is within relative error alpha of every value in it.
 * Positive and negative values have a store each; zeros are counted apart. Two sketches with the same
 * alpha merge exactly by adding bucket counts, so shards profiled apart give the sketch of the whole.
 */
import type { BucketStore, LogBucketSketch } from "./profile-file.js";

/**
 * Relative accuracy of every quantile read from a sketch. 2% keeps a 100-column profile under the
 * 200 kB budget with the bucket cap below while a unit change (x1.609) moves values ~24 buckets.
 */
export const DEFAULT_RELATIVE_ACCURACY = 0.02;

/**
 * Most buckets a store keeps. With alpha = 0.02 this spans a factor e^(256 * 0.04) ~ 28,000 between
 * the smallest and the largest magnitude kept apart; smaller magnitudes are folded into the lowest
 * bucket (DDSketch's "collapsing lowest" store), which only coarsens values close to zero.
 */
export const MAX_BUCKETS_PER_STORE = 256;

/**
 * Bucket keys put every bucket of a sketch on one ordered line: negative buckets (largest magnitude
 * first), then zero, then positive buckets. The SQL profiler emits the same keys.
 */
export const BUCKET_KEY_SHIFT = 100_000;

export function gammaOf(alpha: number): number {
  return (1 + alpha) / (1 - alpha);
}

export function emptySketch(alpha = DEFAULT_RELATIVE_ACCURACY): LogBucketSketch {
  return { alpha, zero: 0, positive: { offset: 0, counts: [] }, negative: { offset: 0, counts: [] } };
}

export function bucketIndex(magnitude: number, lnGamma: number): number {
  return Math.ceil(Math.log(magnitude) / lnGamma);
}

/** The key of a value: 0 for zero, +-(SHIFT + bucket index) for positive/negative values. */
export function bucketKey(value: number, lnGamma: number): number {
  if (value === 0) return 0;
  const index = bucketIndex(Math.abs(value), lnGamma);
  return value > 0 ? BUCKET_KEY_SHIFT + index : -(BUCKET_KEY_SHIFT + index);
}

/** Builds a sketch from (key, count) pairs as produced by `bucketKey` (or the SQL profiler). */
export function sketchFromKeyCounts(keyCounts: Iterable<readonly [number, number]>, alpha: number): LogBucketSketch {
  const positive = new Map<number, number>();
  const negative = new Map<number, number>();
  let zero = 0;
  for (const [key, count] of keyCounts) {
    if (key === 0) zero += count;
    else if (key > 0) addTo(positive, key - BUCKET_KEY_SHIFT, count);
    else addTo(negative, -key - BUCKET_KEY_SHIFT, count);
  }
  return { alpha, zero, positive: storeFromMap(positive), negative: storeFromMap(negative) };
}

export function sketchFromValues(values: Iterable<number>, alpha = DEFAULT_RELATIVE_ACCURACY): LogBucketSketch {
  const lnGamma = Math.log(gammaOf(alpha));
  const counts = new Map<number, number>();
  for (const value of values) addTo(counts, bucketKey(value, lnGamma), 1);
  return sketchFromKeyCounts(counts, alpha);
}

function addTo(map: Map<number, number>, key: number, count: number): void {
  map.set(key, (map.get(key) ?? 0) + count);
}

function storeFromMap(map: Map<number, number>): BucketStore {
  if (map.size === 0) return { offset: 0, counts: [] };
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const index of map.keys()) {
    if (index < low) low = index;
    if (index > high) high = index;
  }
  const counts = new Array<number>(high - low + 1).fill(0);
  for (const [index, count] of map) counts[index - low] = (counts[index - low] ?? 0) + count;
  return collapseLowest({ offset: low, counts });
}

/** Folds the smallest magnitudes into one bucket so that at most MAX_BUCKETS_PER_STORE remain. */
function collapseLowest(store: BucketStore): BucketStore {
  const excess = store.counts.length - MAX_BUCKETS_PER_STORE;
  if (excess <= 0) return store;
  const folded = store.counts.slice(0, excess + 1).reduce((sum, c) => sum + c, 0);
  const counts = [folded, ...store.counts.slice(excess + 1)];
  return { offset: store.offset + excess, counts };
}

function mergeStores(a: BucketStore, b: BucketStore): BucketStore {
  if (a.counts.length === 0) return { offset: b.offset, counts: [...b.counts] };
  if (b.counts.length === 0) return { offset: a.offset, counts: [...a.counts] };
  const low = Math.min(a.offset, b.offset);
  const high = Math.max(a.offset + a.counts.length, b.offset + b.counts.length) - 1;
  const counts = new Array<number>(high - low + 1).fill(0);
  for (const store of [a, b]) {
    store.counts.forEach((count, k) => {
      counts[store.offset + k - low] = (counts[store.offset + k - low] ?? 0) + count;
    });
  }
  return collapseLowest({ offset: low, counts });
}

/** Exact merge (bucket counts add) as long as neither store had to collapse. */
export function mergeSketches(a: LogBucketSketch, b: LogBucketSketch): LogBucketSketch {
  if (a.alpha !== b.alpha) {
    throw new Error(`cannot merge sketches of relative accuracy ${a.alpha} and ${b.alpha}`);
  }
  return {
    alpha: a.alpha,
    zero: a.zero + b.zero,
    positive: mergeStores(a.positive, b.positive),
    negative: mergeStores(a.negative, b.negative),
  };
}

export function sketchCount(sketch: LogBucketSketch): number {
  let total = sketch.zero;
  for (const c of sketch.positive.counts) total += c;
  for (const c of sketch.negative.counts) total += c;
  return total;
}

/** One bucket on the value line: its key (for aligning two sketches), representative value and count. */
export interface SketchBucket {
  key: number;
  value: number;
  count: number;
}

/** Non-empty buckets in increasing value order. */
export function sketchBuckets(sketch: LogBucketSketch): SketchBucket[] {
  const gamma = gammaOf(sketch.alpha);
  const representative = (index: number) => (2 * gamma ** index) / (gamma + 1);
  const buckets: SketchBucket[] = [];
  const negative = sketch.negative;
  for (let k = negative.counts.length - 1; k >= 0; k--) {
    const count = negative.counts[k] ?? 0;
    const index = negative.offset + k;
    if (count > 0) buckets.push({ key: -(BUCKET_KEY_SHIFT + index), value: -representative(index), count });
  }
  if (sketch.zero > 0) buckets.push({ key: 0, value: 0, count: sketch.zero });
  const positive = sketch.positive;
  positive.counts.forEach((count, k) => {
    const index = positive.offset + k;
    if (count > 0) buckets.push({ key: BUCKET_KEY_SHIFT + index, value: representative(index), count });
  });
  return buckets;
}

/** The q-quantile (0 <= q <= 1) within relative error alpha (lower quantile, as DDSketch). */
export function sketchQuantile(sketch: LogBucketSketch, q: number): number | null {
  const buckets = sketchBuckets(sketch);
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return null;
  const rank = q * (total - 1);
  let seen = 0;
  for (const bucket of buckets) {
    seen += bucket.count;
    if (seen > rank) return bucket.value;
  }
  return buckets[buckets.length - 1]?.value ?? null;
}
