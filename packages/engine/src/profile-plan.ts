import { estimateDistinct, HLL_PRECISION, hyperLogLogFromRanks } from "@mlci/core/profile/hyperloglog.js";
import {
  BUCKET_KEY_SHIFT,
  DEFAULT_RELATIVE_ACCURACY,
  gammaOf,
  sketchFromKeyCounts,
} from "@mlci/core/profile/log-bucket-sketch.js";
import { populationStd } from "@mlci/core/profile/moments.js";
import type { ColumnProfile, ProfileColumnType } from "@mlci/core/profile/profile-file.js";
import { DEFAULT_TOP_K, topCategoriesFromCounts } from "@mlci/core/profile/top-categories.js";

/**
 * What the SQL profilers compute for each column, independent of the SQL dialect: the bucket key of
 * a number (log-bucket sketch), the HyperLogLog (register, rank) key of a value, and how the grouped
 * counts come back together as a column profile.
 */

export interface ProfileOptions {
  /** Relative accuracy of the numeric sketches. */
  alpha?: number;
  /** Categories kept per column. */
  topK?: number;
  /** Columns left out (e.g. IDs: `drift.columns.X.ignore` in mlci.yml). */
  exclude?: readonly string[];
  /**
   * HyperLogLog registers and distinct estimates (default true). `mlci drift` on data turns them off:
   * it compares distributions and never reads a distinct count, and the registers cost a hash and a
   * GROUP BY per column. Without them `distinct` is null unless known exactly (no values, or every
   * category listed) and `hll` is null, as in a merge of profiles made with different hashes.
   */
  distinct?: boolean;
}

export interface PlannedColumn {
  name: string;
  type: ProfileColumnType;
  /** Position in the query: aggregate aliases are `c<index>_...`. */
  index: number;
  /** An integer column: as a double it is always finite, so it needs no NaN/infinity check. */
  integer: boolean;
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*|NUMERIC.*|INT\d*|DOUBLE PRECISION|FLOAT\d*|SMALLSERIAL|SERIAL|BIGSERIAL)$/i;
const TIMESTAMP = /^(DATE|TIMESTAMP.*|DATETIME)$/i;
/** Integer types (DuckDB's and PostgreSQL's). Not DECIMAL: PostgreSQL's numeric holds NaN and infinity. */
const INTEGER =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|INT\d*|SMALLSERIAL|SERIAL|BIGSERIAL)$/i;

/** Profile type of a DuckDB or PostgreSQL column type; everything else is profiled as text. */
export function columnTypeOf(sqlType: string): ProfileColumnType {
  const type = sqlType.trim();
  if (NUMERIC.test(type)) return "numeric";
  if (/^(BOOLEAN|BOOL)$/i.test(type)) return "boolean";
  if (TIMESTAMP.test(type)) return "timestamp";
  return "categorical";
}

export function planColumns(
  columns: ReadonlyArray<{ name: string; type: string }>,
  options: ProfileOptions,
): PlannedColumn[] {
  const excluded = new Set(options.exclude ?? []);
  return columns
    .filter((c) => !excluded.has(c.name))
    .map((c, index) => ({ name: c.name, type: columnTypeOf(c.type), index, integer: INTEGER.test(c.type.trim()) }));
}

/** ln(gamma) as a SQL literal with full precision, so every engine buckets like the core does. */
export function lnGammaLiteral(alpha: number): string {
  return String(Math.log(gammaOf(alpha)));
}

/**
 * The bucket key of a finite double `x` (see log-bucket-sketch.ts): 0 for zero,
 * +-(SHIFT + ceil(ln|x| / ln gamma)) otherwise. Uses only functions DuckDB and PostgreSQL share.
 */
export function bucketKeySql(x: string, alpha: number): string {
  const lnGamma = lnGammaLiteral(alpha);
  return `CASE WHEN ${x} > 0 THEN ${BUCKET_KEY_SHIFT} + CAST(CEIL(LN(${x}) / ${lnGamma}) AS INTEGER) WHEN ${x} < 0 THEN -${BUCKET_KEY_SHIFT} - CAST(CEIL(LN(-${x}) / ${lnGamma}) AS INTEGER) WHEN ${x} = 0 THEN 0 END`;
}

/** Counts keyed by number or text, as the SQL returns them. */
export type KeyCounts = Array<[number, number]>;
export type TextCounts = Array<[string, number]>;

/** The raw results for one column, whichever dialect computed them. */
export interface ColumnAggregates {
  rows: number;
  count: number;
  mean?: number | null;
  varPop?: number | null;
  min?: number | string | null;
  max?: number | string | null;
  trueCount?: number;
  buckets?: KeyCounts;
  /** Per HyperLogLog register, the smallest hash remainder (hash >> precision) seen: its rank is exact. */
  hllMinimums?: Array<[number, bigint]>;
  categories?: TextCounts;
}

/** Builds the column profile from the aggregates; `hash` names the hash function behind hllKeys. */
export function assembleColumn(
  column: PlannedColumn,
  a: ColumnAggregates,
  hash: string,
  options: ProfileOptions,
): ColumnProfile {
  const missing = a.rows - a.count;
  if (column.type === "boolean") return { type: "boolean", count: a.count, missing, true_count: a.trueCount ?? 0 };
  const hll =
    options.distinct === false
      ? null
      : hyperLogLogFromRanks(
          (a.hllMinimums ?? []).map(([register, minimum]) => [register, rankOf(minimum)] as const),
          hash,
          HLL_PRECISION,
        );
  const distinct = a.count === 0 ? 0 : hll ? estimateDistinct(hll) : null;
  if (column.type === "numeric") {
    const moments = { count: a.count, mean: a.mean ?? 0, m2: (a.varPop ?? 0) * a.count };
    return {
      type: "numeric",
      count: a.count,
      missing,
      distinct,
      hll,
      mean: a.count > 0 ? (a.mean ?? null) : null,
      m2: moments.m2,
      std: a.count > 0 ? populationStd(moments) : null,
      min: a.count > 0 ? Number(a.min) : null,
      max: a.count > 0 ? Number(a.max) : null,
      sketch: sketchFromKeyCounts(a.buckets ?? [], options.alpha ?? DEFAULT_RELATIVE_ACCURACY),
    };
  }
  if (column.type === "timestamp") {
    return { type: "timestamp", count: a.count, missing, distinct, hll, min: isoOf(a.min), max: isoOf(a.max) };
  }
  const categories = topCategoriesFromCounts(a.categories ?? [], options.topK ?? DEFAULT_TOP_K);
  return {
    type: "categorical",
    count: a.count,
    missing,
    distinct: categories.other === 0 ? categories.top.length : distinct,
    hll,
    ...categories,
  };
}

/** Milliseconds since the epoch to ISO 8601 (UTC). */
function isoOf(epochMs: number | string | null | undefined): string | null {
  if (epochMs === null || epochMs === undefined) return null;
  return new Date(Number(epochMs)).toISOString();
}

/** Leading zeros of the (64 - precision)-bit remainder, plus one: the HyperLogLog rank. */
export function rankOf(remainder: bigint, precision = HLL_PRECISION): number {
  const restBits = 64 - precision;
  if (remainder <= 0n) return restBits + 1;
  return restBits - remainder.toString(2).length + 1;
}
