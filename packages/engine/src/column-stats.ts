import { isNumericFamily, typeFamily } from "@mlci/core/contract/duckdb-types.js";
import { type ColumnStats, type DatasetStats, MAX_CATEGORY_VALUES } from "@mlci/core/contract/infer-contract.js";
import type { JsonValue } from "@mlci/core/contract/validation-result.js";
import type { Problem } from "@mlci/core/problem.js";
import { err, ok, type Result } from "@mlci/core/result.js";
import { type DataSource, quoteIdentifier, readErrorProblem } from "./data-source.js";
import { toCount, toJsonValue } from "./duckdb-values.js";

/**
 * Above this many columns the distinct counts and category values come from one grouped query over
 * the data unpivoted to (column, value) pairs, instead of one DISTINCT aggregate per column: each of
 * those holds hash tables of its own, and 500 of them exhausted the 700 MB memory limit on a file of
 * 20 rows. Below it, one scan with per-column aggregates is the faster plan for tall data.
 */
export const WIDE_COLUMNS = 100;

/**
 * Files up to this size take the wide plan too. Each DISTINCT aggregate sets up its hash tables
 * whatever the rows (about 0.5 MB of fresh memory each): on an 8-row CSV of 7 columns the per-column
 * plan cost 77 ms of CPU and the unpivoted one 35 ms; they cost the same at 1 MB (30k rows of 5
 * columns), and at 4 MB the per-column plan was 20% faster.
 */
export const WIDE_PLAN_BYTES = 1024 * 1024;

export interface ColumnStatsOptions {
  /**
   * Force one plan: true for the unpivoted one, false for per-column aggregates (default: unpivoted
   * for more than WIDE_COLUMNS columns or a file of at most WIDE_PLAN_BYTES).
   */
  readonly wide?: boolean;
}

/**
 * Measures what contract inference needs: per column the non-null count, exact distinct count and
 * range (one scan), then the distinct values of the text and boolean columns with few of them (a
 * second, cheap query limited to those columns). Memory stays bounded up to MAX_COLUMNS columns.
 */
export async function columnStats(
  source: DataSource,
  options: ColumnStatsOptions = {},
): Promise<Result<DatasetStats, Problem[]>> {
  const wide = options.wide ?? usesUnpivotedPlan(source);
  try {
    return await (wide ? withTable(source, (table) => measure(table, true)) : measure(source, false));
  } catch (error) {
    return err([readErrorProblem(source.path, source.format, error)]);
  }
}

/** The default plan: unpivoted for wide data and for small files, per-column aggregates otherwise. */
export function usesUnpivotedPlan(source: Pick<DataSource, "columns" | "bytes">): boolean {
  return source.columns.length > WIDE_COLUMNS || (source.bytes !== undefined && source.bytes <= WIDE_PLAN_BYTES);
}

/**
 * Runs `body` over a temporary table copy of the data: parsing a wide CSV costs more than the queries
 * over it, and the wide plan reads the data three times. DuckDB keeps the table compressed and spills
 * it past the memory limit into the source's private spill directory.
 */
async function withTable<T>(source: DataSource, body: (table: DataSource) => Promise<T>): Promise<T> {
  const table = quoteIdentifier("mlci_column_stats");
  await source.connection.run(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT * FROM ${source.relation}`);
  try {
    return await body({ ...source, relation: table });
  } finally {
    await source.connection.run(`DROP TABLE IF EXISTS ${table}`);
  }
}

async function measure(source: DataSource, wide: boolean): Promise<Result<DatasetStats, Problem[]>> {
  const first = await statsRow(source, !wide);
  const distinct = wide ? await unpivotedDistinctCounts(source) : undefined;
  const rows = toCount(first.__rows);
  if (rows === 0) {
    return err([
      {
        kind: "input",
        message: "the dataset has no rows, so no contract can be inferred from it",
        location: { file: source.path },
        fix: "infer from a dataset with rows (a header alone is an empty dataset)",
      },
    ]);
  }
  const columns: ColumnStats[] = source.columns.map((column, i) => ({
    name: column.name,
    duckdbType: column.duckdbType,
    nonNull: toCount(first[`n${i}`]),
    distinct: distinct ? (distinct.get(i) ?? 0) : toCount(first[`d${i}`]),
    min: toJsonValue(first[`lo${i}`]),
    max: toJsonValue(first[`hi${i}`]),
  }));
  const values = await (wide ? unpivotedCategoryValues : categoryValues)(source, columns);
  return ok({
    source: source.path,
    rows,
    duplicateRows: toCount(first.__duplicates),
    columns: columns.map((c, i) => {
      const seen = values.get(i);
      return seen ? { ...c, values: seen } : c;
    }),
  });
}

/** Columns whose min/max are meaningful for a contract; lists, structs and blobs are left out. */
function hasRange(duckdbType: string): boolean {
  const family = typeFamily(duckdbType);
  return family !== "other" && family !== "boolean";
}

async function statsRow(source: DataSource, withDistinct: boolean): Promise<Record<string, unknown>> {
  const cols = source.columns.map((c) => quoteIdentifier(c.name));
  const parts = [
    "count(*) AS __rows",
    `count(*) - count(DISTINCT ${cols.length === 1 ? `struct_pack(${cols[0]})` : `row(${cols.join(", ")})`}) AS __duplicates`,
  ];
  source.columns.forEach((column, i) => {
    const col = cols[i];
    parts.push(`count(${col}) AS n${i}`);
    if (withDistinct) parts.push(`count(DISTINCT ${col}) AS d${i}`);
    if (hasRange(column.duckdbType)) {
      const numeric = isNumericFamily(typeFamily(column.duckdbType));
      parts.push(
        numeric ? `min(${col}) AS lo${i}` : `CAST(min(${col}) AS VARCHAR) AS lo${i}`,
        numeric ? `max(${col}) AS hi${i}` : `CAST(max(${col}) AS VARCHAR) AS hi${i}`,
      );
    }
  });
  const reader = await source.connection.runAndReadAll(`SELECT ${parts.join(", ")} FROM ${source.relation}`);
  return reader.getRowObjectsJS()[0] ?? {};
}

/** The text and boolean columns with few distinct values, whose values a contract lists. */
function categoryColumns(columns: readonly ColumnStats[]): { c: ColumnStats; i: number }[] {
  return columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => {
      const family = typeFamily(c.duckdbType);
      return (family === "string" || family === "boolean") && c.distinct > 0 && c.distinct <= MAX_CATEGORY_VALUES;
    });
}

async function categoryValues(source: DataSource, columns: readonly ColumnStats[]): Promise<Map<number, JsonValue[]>> {
  const wanted = categoryColumns(columns);
  const found = new Map<number, JsonValue[]>();
  if (wanted.length === 0) return found;
  const parts = wanted.map(({ c, i }) => {
    const col = quoteIdentifier(c.name);
    return `list_sort(list(DISTINCT ${col}) FILTER (WHERE ${col} IS NOT NULL)) AS v${i}`;
  });
  const reader = await source.connection.runAndReadAll(`SELECT ${parts.join(", ")} FROM ${source.relation}`);
  const row = reader.getRowObjectsJS()[0] ?? {};
  for (const { i } of wanted) {
    const list = row[`v${i}`];
    if (Array.isArray(list)) found.set(i, list.map(toJsonValue));
  }
  return found;
}

/**
 * `SELECT` list giving each of `indexes`' columns as text named by its index: UNPIVOT needs one type.
 * Text is one-to-one with the values for every type mlci reads (BLOBs as hex, which may not be UTF-8).
 */
function asText(source: DataSource, indexes: readonly number[]): string {
  return indexes
    .map((i) => {
      const column = source.columns[i] as { name: string; duckdbType: string };
      const col = quoteIdentifier(column.name);
      const text = column.duckdbType.toUpperCase() === "BLOB" ? `hex(${col})` : `CAST(${col} AS VARCHAR)`;
      return `${text} AS ${quoteIdentifier(String(i))}`;
    })
    .join(", ");
}

/** `SELECT name, …` over (column index, value) pairs of the non-null values of `indexes`' columns. */
function unpivotedSql(source: DataSource, indexes: readonly number[], aggregate: string): string {
  return `SELECT name, ${aggregate} FROM (UNPIVOT (SELECT ${asText(source, indexes)} FROM ${source.relation}) ON COLUMNS(*) INTO NAME name VALUE value) GROUP BY name`;
}

/** Exact distinct counts of every column, by column index (a column of nulls only is absent: 0). */
async function unpivotedDistinctCounts(source: DataSource): Promise<Map<number, number>> {
  const indexes = source.columns.map((_, i) => i);
  const reader = await source.connection.runAndReadAll(unpivotedSql(source, indexes, "count(DISTINCT value)"));
  return new Map(reader.getRowsJS().map(([name, count]) => [Number(name), toCount(count)]));
}

async function unpivotedCategoryValues(
  source: DataSource,
  columns: readonly ColumnStats[],
): Promise<Map<number, JsonValue[]>> {
  const wanted = categoryColumns(columns);
  const found = new Map<number, JsonValue[]>();
  if (wanted.length === 0) return found;
  const sql = unpivotedSql(
    source,
    wanted.map(({ i }) => i),
    "list_sort(list(DISTINCT value))",
  );
  for (const [name, list] of (await source.connection.runAndReadAll(sql)).getRowsJS()) {
    const i = Number(name);
    if (!Array.isArray(list)) continue;
    // Booleans went through text; false < true sorts the same as "false" < "true".
    const boolean = typeFamily(columns[i]?.duckdbType ?? "") === "boolean";
    found.set(
      i,
      list.map((v) => (boolean ? v === "true" : toJsonValue(v))),
    );
  }
  return found;
}
