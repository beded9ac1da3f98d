/**
 * The most frequent categories of a column with their counts, and the count of all the others.
 * A profile made in one pass is exact. Merging adds counts per category; a category that one side did
 * not list is still counted in that side's `other`, so merged counts are lower bounds, short by at most
 * the smallest listed count of each side that had an `other`. `other === 0` means the list is complete.
 */
import type { TopCategories } from "./profile-file.js";

/** Categories kept per column: enough for most categorical features, ~1 kB of JSON per column. */
export const DEFAULT_TOP_K = 50;

export function topCategoriesFromCounts(counts: Iterable<readonly [string, number]>, k = DEFAULT_TOP_K): TopCategories {
  const all = [...counts].map(([value, count]): [string, number] => [value, count]);
  all.sort(compareEntries);
  const top = all.slice(0, k);
  const other = all.slice(k).reduce((sum, [, count]) => sum + count, 0);
  return { top, other };
}

function compareEntries(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

export function mergeTopCategories(a: TopCategories, b: TopCategories, k = DEFAULT_TOP_K): TopCategories {
  const counts = new Map<string, number>();
  for (const [value, count] of [...a.top, ...b.top]) counts.set(value, (counts.get(value) ?? 0) + count);
  const total = totalCount(a) + totalCount(b);
  const all = [...counts].sort(compareEntries);
  const top = all.slice(0, k);
  const listed = top.reduce((sum, [, count]) => sum + count, 0);
  return { top, other: total - listed };
}

export function totalCount(categories: TopCategories): number {
  return categories.top.reduce((sum, [, count]) => sum + count, categories.other);
}

export function isComplete(categories: TopCategories): boolean {
  return categories.other === 0;
}
