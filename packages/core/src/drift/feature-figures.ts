/**
 * What a drifted feature looks like on each side, for people: the figures a reviewer compares
 * (mean, median, p95, or the top categories and their shares) and a histogram on bins both sides
 * share. Kept in drift.json beside the statistic so the drift issue shows the cause (a unit change,
 * a new category) and not only a score.
 */
import { sketchBuckets, sketchQuantile } from "../profile/log-bucket-sketch.js";
import type { ColumnProfile } from "../profile/profile-file.js";
import type { FeatureFigures, NumericFigures } from "./drift-file.js";

/** Bins of the numeric histogram: equal widths over the range both sides cover. */
export const HISTOGRAM_BINS = 10;
/** Categories listed and drawn: the most frequent on either side; the rest are "(other)". */
export const TOP_CATEGORIES_SHOWN = 6;

function numericFigures(column: ColumnProfile & { type: "numeric" }): NumericFigures {
  return {
    mean: column.mean,
    median: sketchQuantile(column.sketch, 0.5),
    p95: sketchQuantile(column.sketch, 0.95),
    min: column.min,
    max: column.max,
  };
}

const round = (share: number) => Math.round(share * 10_000) / 10_000;

function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total > 0 ? round(c / total) : 0));
}

function numericHistogram(
  reference: ColumnProfile & { type: "numeric" },
  current: ColumnProfile & { type: "numeric" },
): FeatureFigures["histogram"] | undefined {
  const lows = [reference.min, current.min].filter((v): v is number => v !== null);
  const highs = [reference.max, current.max].filter((v): v is number => v !== null);
  if (lows.length === 0 || highs.length === 0) return undefined;
  const low = Math.min(...lows);
  const high = Math.max(...highs);
  const width = (high - low) / HISTOGRAM_BINS || 1;
  const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => low + i * width);
  const counts = (column: ColumnProfile & { type: "numeric" }) => {
    const bins = new Array<number>(HISTOGRAM_BINS).fill(0);
    for (const bucket of sketchBuckets(column.sketch)) {
      // A bucket's representative value may fall a hair outside [min, max]: clamp to the end bins.
      const index = Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor((bucket.value - low) / width)));
      bins[index] = (bins[index] as number) + bucket.count;
    }
    return bins;
  };
  return { edges, reference: shares(counts(reference)), current: shares(counts(current)) };
}

function categoryCounts(column: ColumnProfile): Map<string, number> | undefined {
  if (column.type === "categorical") {
    const counts = new Map(column.top);
    if (column.other > 0) counts.set(OTHER, (counts.get(OTHER) ?? 0) + column.other);
    return counts;
  }
  if (column.type === "boolean") {
    return new Map([
      ["true", column.true_count],
      ["false", column.count - column.true_count],
    ]);
  }
  return undefined;
}

const OTHER = "(other)";

function categoryHistogram(reference: ColumnProfile, current: ColumnProfile): FeatureFigures["histogram"] | undefined {
  const ref = categoryCounts(reference);
  const cur = categoryCounts(current);
  if (!ref || !cur) return undefined;
  const refTotal = [...ref.values()].reduce((a, b) => a + b, 0) || 1;
  const curTotal = [...cur.values()].reduce((a, b) => a + b, 0) || 1;
  const names = [...new Set([...ref.keys(), ...cur.keys()])].filter((n) => n !== OTHER);
  const largest = (name: string) => Math.max((ref.get(name) ?? 0) / refTotal, (cur.get(name) ?? 0) / curTotal);
  const shown = names.sort((a, b) => largest(b) - largest(a) || a.localeCompare(b)).slice(0, TOP_CATEGORIES_SHOWN);
  const rest = (counts: Map<string, number>) =>
    [...counts.entries()].filter(([name]) => !shown.includes(name)).reduce((sum, [, c]) => sum + c, 0);
  const categories = rest(ref) > 0 || rest(cur) > 0 ? [...shown, OTHER] : shown;
  const sharesOf = (counts: Map<string, number>, total: number) =>
    categories.map((name) => round((name === OTHER ? rest(counts) : (counts.get(name) ?? 0)) / total));
  return { categories, reference: sharesOf(ref, refTotal), current: sharesOf(cur, curTotal) };
}

export function featureFigures(reference: ColumnProfile, current: ColumnProfile): FeatureFigures | undefined {
  if (reference.type === "numeric" && current.type === "numeric") {
    const histogram = numericHistogram(reference, current);
    return histogram
      ? { reference: numericFigures(reference), current: numericFigures(current), histogram }
      : undefined;
  }
  const histogram = categoryHistogram(reference, current);
  return histogram ? { histogram } : undefined;
}
