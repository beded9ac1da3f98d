import { DEFAULT_RELATIVE_ACCURACY } from "@mlci/core/profile/log-bucket-sketch.js";
import type { ColumnProfile, DatasetProfile } from "@mlci/core/profile/profile-file.js";
import { PROFILE_SCHEMA } from "@mlci/core/profile/profile-format.js";
import { quoteIdentifier } from "./data-source.js";
import {
  assembleColumn,
  bucketKeySql,
  type ColumnAggregates,
  type PlannedColumn,
  type ProfileOptions,
  planColumns,
} from "./profile-plan.js";
import { hllRegisterSql, hllRemainderSql, MAX_DOUBLE, type SqlDialect } from "./sql-dialect.js";

/**
 * The profile of a relation as ONE SQL statement: a CTE prepares every column once (finite double,
 * text, timestamp), then one small GROUP BY per sketch (bucket keys, HyperLogLog registers, categories)
 * and one summary per column, glued with UNION ALL into a single result of narrow rows. A text column
 * is grouped by value once: its count, categories and HyperLogLog registers read those groups.
 *   part 0 summary: n = count, mean, var, lo = min, hi = max, k = true count (booleans)
 *   part 1 buckets: k = bucket key, n = count
 *   part 2 HyperLogLog: k = register, n = smallest hash remainder
 *   part 3 categories: s = value, n = count
 *   part 4 rows: n = count(*)
 */
export function profileSql(
  dialect: SqlDialect,
  relation: string,
  columns: readonly PlannedColumn[],
  options: ProfileOptions,
): string {
  const alpha = options.alpha ?? DEFAULT_RELATIVE_ACCURACY;
  const hll = (...args: Parameters<typeof hllPart>): string[] => (options.distinct === false ? [] : [hllPart(...args)]);
  const prepared: string[] = [];
  /** CTEs after `prepared`: the category counts of each text column. */
  const counted: string[] = [];
  const parts: string[] = [row(4, -1, { n: "count(*)" })];
  for (const column of columns) {
    const v = `v${column.index}`;
    const source = quoteIdentifier(column.name);
    const i = column.index;
    switch (column.type) {
      case "numeric": {
        const x = `CAST(${source} AS DOUBLE PRECISION)`;
        // NaN and infinities are left out of the sketch and the moments (missing); an integer has none,
        // and skipping the check saves a comparison per value (about 3% of a CSV profile's CPU).
        prepared.push(
          column.integer
            ? `${x} AS ${v}`
            : `CASE WHEN ${x} BETWEEN -${MAX_DOUBLE} AND ${MAX_DOUBLE} THEN ${x} END AS ${v}`,
        );
        parts.push(
          row(0, i, { n: `count(${v})`, mean: `avg(${v})`, var: `var_pop(${v})`, lo: `min(${v})`, hi: `max(${v})` }),
          grouped(1, i, bucketKeySql(v, alpha), `count(*)`, `${v} IS NOT NULL`),
          ...hll(dialect, i, v),
        );
        break;
      }
      case "boolean":
        prepared.push(`CAST(${source} AS BOOLEAN) AS ${v}`);
        parts.push(row(0, i, { n: `count(${v})`, k: `sum(CASE WHEN ${v} THEN 1 ELSE 0 END)` }));
        break;
      case "timestamp":
        prepared.push(`CAST(${source} AS TIMESTAMP) AS ${v}`);
        parts.push(
          row(0, i, { n: `count(${v})`, lo: dialect.epochMs(`min(${v})`), hi: dialect.epochMs(`max(${v})`) }),
          ...hll(dialect, i, v),
        );
        break;
      case "categorical":
        prepared.push(`CAST(${source} AS VARCHAR) AS ${v}`);
        // One GROUP BY per text column, and its count, categories and HyperLogLog all read from it: a
        // register keeps the smallest remainder of the hashes of the distinct values, whichever rows hold them.
        counted.push(
          `c${i} AS MATERIALIZED (SELECT ${v} AS s, count(*) AS n FROM prepared WHERE ${v} IS NOT NULL GROUP BY ${v})`,
        );
        parts.push(
          `SELECT ${select(0, i, { n: "coalesce(sum(n), 0)" })} FROM c${i}`,
          `SELECT ${select(3, i, { s: "s", n: "n" })} FROM c${i}`,
          ...hll(dialect, i, "s", `c${i}`),
        );
        break;
    }
  }
  const cte = `SELECT ${prepared.length > 0 ? prepared.join(", ") : "1 AS v"} FROM ${relation}`;
  const ctes = [`prepared AS ${dialect.cte} (${cte})`, ...counted];
  return `WITH ${ctes.join(",\n")}\n${parts.join("\nUNION ALL\n")}`;
}

interface RowFields {
  k?: string;
  s?: string;
  n?: string;
  mean?: string;
  var?: string;
  lo?: string;
  hi?: string;
}

/** One output row shape for every part so that UNION ALL lines up in both engines. */
function select(part: number, column: number, f: RowFields): string {
  return [
    `${part} AS part`,
    `${column} AS col`,
    `CAST(${f.k ?? "NULL"} AS BIGINT) AS k`,
    `CAST(${f.s ?? "NULL"} AS VARCHAR) AS s`,
    `CAST(${f.n ?? "NULL"} AS BIGINT) AS n`,
    `CAST(${f.mean ?? "NULL"} AS DOUBLE PRECISION) AS mean`,
    `CAST(${f.var ?? "NULL"} AS DOUBLE PRECISION) AS var`,
    `CAST(${f.lo ?? "NULL"} AS DOUBLE PRECISION) AS lo`,
    `CAST(${f.hi ?? "NULL"} AS DOUBLE PRECISION) AS hi`,
  ].join(", ");
}

function row(part: number, column: number, f: RowFields): string {
  return `SELECT ${select(part, column, f)} FROM prepared`;
}

function grouped(part: number, column: number, key: string, value: string, where: string): string {
  return `SELECT ${select(part, column, { k: "g", n: value })} FROM (SELECT ${key} AS g FROM prepared WHERE ${where}) AS q${part}_${column} GROUP BY g`;
}

function hllPart(dialect: SqlDialect, column: number, v: string, from = "prepared"): string {
  const hash = dialect.hash(v);
  return `SELECT ${select(2, column, { k: "r", n: "min(w)" })} FROM (SELECT ${hllRegisterSql(hash)} AS r, ${hllRemainderSql(hash)} AS w FROM ${from} WHERE ${v} IS NOT NULL) AS h${column} GROUP BY r`;
}

/** A row of the profile query's result (numbers may arrive as bigint). */
export interface ProfileRow {
  part: number;
  col: number;
  k: bigint | number | null;
  s: string | null;
  n: bigint | number | null;
  mean: number | null;
  var: number | null;
  lo: number | null;
  hi: number | null;
}

/** Runs nothing: turns the rows of `profileSql` into a profile. */
export function profileFromRows(
  rows: readonly ProfileRow[],
  columns: readonly PlannedColumn[],
  source: string,
  hashName: string,
  options: ProfileOptions,
): DatasetProfile {
  const total = Number(rows.find((r) => Number(r.part) === 4)?.n ?? 0);
  const byColumn = new Map<number, ColumnAggregates>(
    columns.map((c) => [c.index, { rows: total, count: 0, buckets: [], hllMinimums: [], categories: [] }]),
  );
  for (const r of rows) {
    const a = byColumn.get(Number(r.col));
    if (!a) continue;
    switch (Number(r.part)) {
      case 0:
        a.count = Number(r.n ?? 0);
        a.mean = r.mean;
        a.varPop = r.var;
        a.min = r.lo;
        a.max = r.hi;
        a.trueCount = Number(r.k ?? 0);
        break;
      case 1:
        a.buckets?.push([Number(r.k), Number(r.n)]);
        break;
      case 2:
        a.hllMinimums?.push([Number(r.k), BigInt(r.n ?? 0)]);
        break;
      case 3:
        a.categories?.push([String(r.s), Number(r.n)]);
        break;
    }
  }
  const profiled: Record<string, ColumnProfile> = {};
  for (const column of columns) {
    profiled[column.name] = assembleColumn(column, byColumn.get(column.index) as ColumnAggregates, hashName, options);
  }
  return { schema: PROFILE_SCHEMA, source, rows: total, columns: profiled };
}

export { planColumns };
