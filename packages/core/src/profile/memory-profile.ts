import { estimateDistinct, HLL_PRECISION, hyperLogLogFromRanks, hyperLogLogRank, MEMORY_HASH } from "./hyperloglog.js";
import { DEFAULT_RELATIVE_ACCURACY, sketchFromValues } from "./log-bucket-sketch.js";
import { momentsOf, populationStd } from "./moments.js";
import type { ColumnProfile, DatasetProfile, ProfileColumnType } from "./profile-file.js";
import { PROFILE_SCHEMA } from "./profile-format.js";
import { DEFAULT_TOP_K, topCategoriesFromCounts } from "./top-categories.js";

/**
 * Profiles values held in memory (model predictions, tests). Produces the same structure as the SQL
 * profiler; only the HyperLogLog hash differs (recorded in the sketch).
 */
export type CellValue = number | string | boolean | Date | null | undefined;

export interface MemoryProfileOptions {
  alpha?: number;
  topK?: number;
}

export function inferProfileColumnType(values: readonly CellValue[]): ProfileColumnType {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length > 0 && present.every((v) => typeof v === "number")) return "numeric";
  if (present.length > 0 && present.every((v) => typeof v === "boolean")) return "boolean";
  if (present.length > 0 && present.every((v) => v instanceof Date)) return "timestamp";
  return present.length === 0 ? "numeric" : "categorical";
}

function isMissing(value: CellValue): value is null | undefined {
  return value === null || value === undefined || (typeof value === "number" && !Number.isFinite(value));
}

export function profileValues(
  values: readonly CellValue[],
  type: ProfileColumnType = inferProfileColumnType(values),
  options: MemoryProfileOptions = {},
): ColumnProfile {
  const present = values.filter((v): v is Exclude<CellValue, null | undefined> => !isMissing(v));
  const missing = values.length - present.length;
  if (type === "boolean") {
    return { type, count: present.length, missing, true_count: present.filter((v) => v === true).length };
  }
  const hll = hyperLogLogFromRanks(
    present.map((v) => hyperLogLogRank(textOf(v))),
    MEMORY_HASH,
    HLL_PRECISION,
  );
  const distinct = estimateDistinct(hll);
  if (type === "numeric") {
    const numbers = present.map(Number);
    const moments = momentsOf(numbers);
    return {
      type,
      count: numbers.length,
      missing,
      distinct,
      hll,
      mean: numbers.length > 0 ? moments.mean : null,
      m2: moments.m2,
      std: numbers.length > 0 ? populationStd(moments) : null,
      min: numbers.length > 0 ? numbers.reduce((a, b) => Math.min(a, b)) : null,
      max: numbers.length > 0 ? numbers.reduce((a, b) => Math.max(a, b)) : null,
      sketch: sketchFromValues(numbers, options.alpha ?? DEFAULT_RELATIVE_ACCURACY),
    };
  }
  if (type === "timestamp") {
    const iso = present.map((v) => (v instanceof Date ? v.toISOString() : String(v))).sort();
    return { type, count: iso.length, missing, distinct, hll, min: iso[0] ?? null, max: iso[iso.length - 1] ?? null };
  }
  const counts = new Map<string, number>();
  for (const v of present) counts.set(textOf(v), (counts.get(textOf(v)) ?? 0) + 1);
  const categories = topCategoriesFromCounts(counts, options.topK ?? DEFAULT_TOP_K);
  // A complete list counts the distinct values exactly; HyperLogLog only estimates them.
  const exact = categories.other === 0 ? categories.top.length : distinct;
  return { type: "categorical", count: present.length, missing, distinct: exact, hll, ...categories };
}

function textOf(value: Exclude<CellValue, null | undefined>): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/** Profiles a table held as named columns of equal length. */
export function profileTable(
  source: string,
  columns: Record<string, readonly CellValue[]>,
  options: MemoryProfileOptions = {},
): DatasetProfile {
  const profiled: Record<string, ColumnProfile> = {};
  let rows = 0;
  for (const [name, values] of Object.entries(columns)) {
    profiled[name] = profileValues(values, undefined, options);
    rows = Math.max(rows, values.length);
  }
  return { schema: PROFILE_SCHEMA, source, rows, columns: profiled };
}
