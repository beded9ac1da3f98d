import { sketchBuckets } from "../profile/log-bucket-sketch.js";
import type { BooleanColumnProfile, CategoricalColumnProfile, NumericColumnProfile } from "../profile/profile-file.js";
import type { WeightedPoints } from "./statistics.js";

/**
 * Turns two column profiles into inputs for the statistics: numeric sketches become weighted points
 * on one shared bucket grid (so KS and Wasserstein compare like with like) and reference-quantile
 * bins; categories become bins whose counts are exact on both sides.
 */

/** Bins for PSI and Jensen-Shannon on numbers: reference deciles, the usual PSI binning. */
export const NUMERIC_BINS = 10;

export interface NumericAlignment {
  reference: WeightedPoints;
  current: WeightedPoints;
  /** Counts per reference-quantile bin. */
  referenceBins: number[];
  currentBins: number[];
  /** Largest share one bucket holds on either side: the KS statistic from sketches is exact up to it. */
  maxBucketShare: number;
}

export function alignNumeric(reference: NumericColumnProfile, current: NumericColumnProfile): NumericAlignment {
  const ref = sketchBuckets(reference.sketch);
  const cur = sketchBuckets(current.sketch);
  const keys = [...new Set([...ref.map((b) => b.key), ...cur.map((b) => b.key)])].sort((a, b) => a - b);
  const refByKey = new Map(ref.map((b) => [b.key, b.count]));
  const curByKey = new Map(cur.map((b) => [b.key, b.count]));
  const valueByKey = new Map([...ref, ...cur].map((b) => [b.key, b.value]));
  const values = keys.map((k) => valueByKey.get(k) as number);
  const refCounts = keys.map((k) => refByKey.get(k) ?? 0);
  const curCounts = keys.map((k) => curByKey.get(k) ?? 0);
  const [referenceBins, currentBins] = quantileBins(refCounts, curCounts, NUMERIC_BINS);
  return {
    reference: { values, weights: refCounts },
    current: { values, weights: curCounts },
    referenceBins,
    currentBins,
    maxBucketShare: Math.max(maxShare(refCounts), maxShare(curCounts)),
  };
}

function maxShare(counts: number[]): number {
  const total = counts.reduce((s, c) => s + c, 0);
  return total > 0 ? Math.max(...counts) / total : 0;
}

/**
 * Groups the aligned buckets into at most `bins` groups holding about equal reference mass: a bin
 * closes at the first bucket where the reference CDF reaches the next multiple of 1/bins.
 */
function quantileBins(refCounts: number[], curCounts: number[], bins: number): [number[], number[]] {
  const total = refCounts.reduce((s, c) => s + c, 0);
  const refBins: number[] = [];
  const curBins: number[] = [];
  let refBin = 0;
  let curBin = 0;
  let cumulative = 0;
  let nextCut = 1;
  for (let i = 0; i < refCounts.length; i++) {
    refBin += refCounts[i] as number;
    curBin += curCounts[i] as number;
    cumulative += refCounts[i] as number;
    if (cumulative >= (nextCut * total) / bins && i < refCounts.length - 1) {
      refBins.push(refBin);
      curBins.push(curBin);
      refBin = 0;
      curBin = 0;
      while (nextCut * total <= cumulative * bins) nextCut++;
    }
  }
  refBins.push(refBin);
  curBins.push(curBin);
  return [refBins, curBins];
}

export interface CategoryAlignment {
  labels: string[];
  reference: number[];
  current: number[];
}

/** Label of the bin holding every category whose count is not known exactly on both sides. */
export const OTHER_BIN = "(other)";

/**
 * A category gets its own bin when its count is known on both sides: listed, or absent from a
 * complete list (count 0). Everything else, on each side, goes to one "other" bin, so the bins are
 * exact even though top lists are truncated.
 */
export function alignCategories(
  reference: CategoricalColumnProfile,
  current: CategoricalColumnProfile,
): CategoryAlignment {
  const refCounts = new Map(reference.top);
  const curCounts = new Map(current.top);
  const known = (counts: Map<string, number>, complete: boolean, label: string) => counts.has(label) || complete;
  const candidates = [...new Set([...reference.top.map(([v]) => v), ...current.top.map(([v]) => v)])].sort();
  const labels = candidates.filter(
    (label) => known(refCounts, reference.other === 0, label) && known(curCounts, current.other === 0, label),
  );
  const refBins = labels.map((label) => refCounts.get(label) ?? 0);
  const curBins = labels.map((label) => curCounts.get(label) ?? 0);
  const refOther = reference.count - refBins.reduce((s, c) => s + c, 0);
  const curOther = current.count - curBins.reduce((s, c) => s + c, 0);
  if (refOther > 0 || curOther > 0) {
    return { labels: [...labels, OTHER_BIN], reference: [...refBins, refOther], current: [...curBins, curOther] };
  }
  return { labels, reference: refBins, current: curBins };
}

export function alignBooleans(reference: BooleanColumnProfile, current: BooleanColumnProfile): CategoryAlignment {
  return {
    labels: ["true", "false"],
    reference: [reference.true_count, reference.count - reference.true_count],
    current: [current.true_count, current.count - current.true_count],
  };
}
