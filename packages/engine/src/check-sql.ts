import type { DuckDBConnection } from "@duckdb/node-api";
import type { AllowedValue, PlannedCheck } from "@mlci/core/contract/check-plan.js";
import type { ColumnType } from "@mlci/core/contract/contract-schema.js";
import { isNumericFamily, type TypeFamily, typeFamily } from "@mlci/core/contract/duckdb-types.js";
import { MAX_EXAMPLES } from "@mlci/core/contract/validation-format.js";
import type { ExampleRow } from "@mlci/core/contract/validation-result.js";
import { failsOnRows, type Measurement } from "@mlci/core/contract/verdict.js";
import type { Problem, SourceLocation } from "@mlci/core/problem.js";
import { err, ok, type Result } from "@mlci/core/result.js";
import { customSqlFailure } from "./custom-sql-failure.js";
import { type ColumnInfo, type DataSource, quoteIdentifier, readErrorProblem, sqlLiteral } from "./data-source.js";
import { toCount, toJsonValue } from "./duckdb-values.js";
import { confineToData, isSandboxRefusal } from "./sandbox.js";

/** 1-based position of each row in the data, added to the scan so failing rows can be named. */
const ROW = "__mlci_row";
/** Hash of a whole row, kept with the rows when duplicate rows are counted. */
const ROW_HASH = "__mlci_hash";
/** The temporary table holding the rows, read once from the source, when a check groups rows. */
const KEPT_TABLE = "mlci_kept";
/** The kept rows with their number (ROW): what every query after the keeping one reads. */
const KEPT_ROWS = "mlci_rows";

export interface MeasuredChecks {
  readonly rows: number;
  readonly measurements: Map<string, Measurement>;
}

/** One check compiled to aggregates of the shared scan, a reader of their values, and an optional follow-up. */
interface CompiledCheck {
  readonly check: PlannedCheck;
  readonly aggregates: readonly string[];
  read(row: Readonly<Record<string, unknown>>): Measurement;
  /**
   * For a check failed by individual rows: the aggregate listing its first failing rows (firstRows), and
   * whether the counts in `row` make them worth listing (the check fails).
   */
  readonly examples?: {
    readonly aggregate: string;
    wanted(row: Readonly<Record<string, unknown>>, rows: number): boolean;
  };
  /** A query over the kept rows for what one aggregate pass cannot give (rows grouped by value). */
  readonly followUp?: FollowUp;
}

/**
 * A query over the rows kept in KEPT_ROWS returning one row: `n`, the failing rows the scan cannot
 * count, and `examples`, the first of them as a list of {r, v} by row number.
 */
interface FollowUp {
  readonly sql: string;
  /** The follow-up needs ROW_HASH in the kept rows. */
  readonly hashed?: boolean;
}

/** Examples by row number from a list of {r, v} structs (an aggregate over no rows gives NULL). */
function toExamples(list: unknown): ExampleRow[] {
  if (!Array.isArray(list)) return [];
  return list.map((item: { r: unknown; v: unknown }) => ({ row: toCount(item.r), value: toJsonValue(item.v) }));
}

/**
 * An example value as the scan keeps it (`raw`, a column or a struct of columns: cheap to pass for every
 * row) and as it is shown (`shown`, applied to the five kept values only, e.g. a timestamp cast to
 * text: casting every row before the FILTER would cost more than the checks).
 */
interface Example {
  readonly raw: string;
  shown(value: string): string;
}

const asIs = (value: string): string => value;

/** The first MAX_EXAMPLES rows where `condition` holds, by row number, as a list of {r, v}. */
function firstRows(example: Example, condition?: string): string {
  const filter = condition === undefined ? "" : ` FILTER (WHERE ${condition})`;
  const kept = `arg_min(struct_pack(r := ${ROW}, v := ${example.raw}), ${ROW}, ${MAX_EXAMPLES})${filter}`;
  // The lambda's parameter has a name no data column is likely to have: a column named like it would win.
  const param = "__mlci_kept";
  const shown = example.shown(`${param}.v`);
  if (shown === `${param}.v`) return kept;
  return `list_transform(${kept}, lambda ${param}: struct_pack(r := ${param}.r, v := ${shown}))`;
}

/**
 * Measures every planned check with one aggregate query over the data: failing-row counts with
 * count_if, extremes, aggregate conditions, and the first failing rows of each check with
 * arg_min(..., row, 5) FILTER. Checks that group rows (unique, duplicate rows) need a second look at
 * the rows: then the source is read once into a temporary table (Parquet is read again instead), and
 * the example rows of the failing checks come from one more query over those rows rather than from the
 * scan. Either way the source itself is parsed once, however many checks fail.
 */
export async function measureChecks(
  source: DataSource,
  checks: readonly PlannedCheck[],
  locate?: (check: PlannedCheck) => SourceLocation | undefined,
): Promise<Result<MeasuredChecks, Problem[]>> {
  // The contract's SQL may read the data under check and nothing else (sandbox.ts).
  await confineToData(source);
  const invalid = await validateUserSql(source, checks, locate);
  if (invalid.length > 0) {
    // In an empty CSV every column reads as text, which makes sound custom SQL look wrong: say "empty".
    const empty = await emptyDataProblem(source);
    return err(empty ? [empty] : invalid);
  }
  const compiled = checks.map((check) => compileCheck(check, source));
  const followUps = compiled.flatMap((c) => (c.followUp ? [c.followUp] : []));
  // A file that numbers its own rows (Parquet) is read again by the follow-ups, column by column and
  // without the cost of a copy; a CSV or JSON file is parsed once, into a temporary table.
  const keep = followUps.length > 0 && !source.numbered;
  let row: Record<string, unknown>;
  try {
    if (followUps.length > 0) {
      const hashed = followUps.some((f) => f.hashed);
      await source.connection.run(keptRowsSql(source, hashed).join(";\n"));
    }
    const from = keep ? quoteIdentifier(KEPT_ROWS) : numberedScan(source);
    // Each example aggregate costs DuckDB a fixed ~0.1 MB of buffers however few rows it reads (on
    // small data, most of the query): rows that are cheap to read again (kept, or Parquet's columns)
    // are counted first and the failing checks' examples listed by a second query. A CSV or JSON file
    // that is not kept would be parsed again: its scan lists the examples of every check.
    const examplesInScan = !keep && !source.numbered;
    row = await singleRow(source.connection, checkQuery(from, compiled, examplesInScan));
    if (!examplesInScan) Object.assign(row, await failingExamples(source.connection, from, compiled, row));
  } catch (error) {
    await dropKeptRows(source.connection);
    const custom = await customSqlFailure(source, checks, error, locate);
    return err([custom ?? readErrorProblem(source.path, source.format, error)]);
  }
  try {
    const rows = toCount(row.__rows);
    if (rows === 0) return err([emptyProblem(source)]);
    const measurements = new Map<string, Measurement>();
    for (const entry of compiled) {
      let measurement = entry.read(row);
      if (entry.followUp) {
        const result = await singleRow(source.connection, entry.followUp.sql);
        const n = toCount(result.n);
        measurement = { ...measurement, failingRows: n, observed: n, examples: toExamples(result.examples) };
      }
      measurements.set(entry.check.id, measurement);
    }
    return ok({ rows, measurements });
  } finally {
    await dropKeptRows(source.connection);
  }
}

/** The example aggregates of the checks that `row` (the counting scan) shows failing, from one query. */
async function failingExamples(
  connection: DuckDBConnection,
  from: string,
  compiled: readonly CompiledCheck[],
  row: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const rows = toCount(row.__rows);
  const wanted = compiled.flatMap((c) => (c.examples?.wanted(row, rows) ? [c.examples.aggregate] : []));
  return wanted.length === 0 ? {} : singleRow(connection, `SELECT ${wanted.join(",\n  ")}\nFROM ${from}`);
}

/**
 * The rows of the source in file order with their 1-based number (and, when duplicate rows are
 * counted, the hash of each whole row) as the view KEPT_ROWS. A source that numbers its own rows
 * (Parquet) is that view over the file itself. Any other is read once into a temporary table: the
 * number is the table's rowid (DuckDB keeps the source's order when it inserts), which costs nothing;
 * numbering the rows with row_number() OVER () would gather every row into one window partition
 * first. A data column named rowid hides the pseudo-column: then the window numbers them.
 */
function keptRowsSql(source: Pick<DataSource, "columns" | "relation" | "numbered">, hashed: boolean): string[] {
  const hash = hashed ? `, ${rowHash(source.columns)} AS ${ROW_HASH}` : "";
  const table = quoteIdentifier(KEPT_TABLE);
  const view = `CREATE OR REPLACE TEMP VIEW ${quoteIdentifier(KEPT_ROWS)} AS SELECT *`;
  if (source.numbered) return [`${view}${hash} FROM ${numberedScan(source)}`];
  if (source.columns.some((c) => c.name.toLowerCase() === "rowid")) {
    return [
      `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT *, row_number() OVER () AS ${ROW}${hash} FROM ${source.relation}`,
      `${view} FROM ${table}`,
    ];
  }
  return [
    `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT *${hash} FROM ${source.relation}`,
    `${view}, rowid + 1 AS ${ROW} FROM ${table}`,
  ];
}

/** A 64-bit hash of a whole row; equal rows (NULLs included, -0.0 and 0.0 alike) hash alike. */
function rowHash(columns: readonly ColumnInfo[]): string {
  return `hash(${columns.map((c) => quoteIdentifier(c.name)).join(", ")})`;
}

async function dropKeptRows(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    `DROP VIEW IF EXISTS ${quoteIdentifier(KEPT_ROWS)}; DROP TABLE IF EXISTS ${quoteIdentifier(KEPT_TABLE)}`,
  );
}

/** An empty dataset cannot be judged; LIMIT 1 stops the probe at the first row of any format. */
async function emptyDataProblem(source: DataSource): Promise<Problem | undefined> {
  let rows: number;
  try {
    const reader = await source.connection.runAndReadAll(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${source.relation} LIMIT 1)`,
    );
    rows = toCount(reader.getRowObjectsJS()[0]?.n);
  } catch (error) {
    return readErrorProblem(source.path, source.format, error);
  }
  return rows > 0 ? undefined : emptyProblem(source);
}

function emptyProblem(source: DataSource): Problem {
  return {
    kind: "input",
    message: "the dataset has no rows, so there is nothing to validate",
    location: { file: source.path },
    fix: "check that the export that wrote this file succeeded (a header alone is an empty dataset)",
  };
}

function checkQuery(from: string, compiled: readonly CompiledCheck[], withExamples: boolean): string {
  const aggregates = ["count(*) AS __rows", ...compiled.flatMap((c) => c.aggregates)];
  if (withExamples) aggregates.push(...compiled.flatMap((c) => (c.examples ? [c.examples.aggregate] : [])));
  return `SELECT ${aggregates.join(",\n  ")}\nFROM ${from}`;
}

/**
 * The scan all checks share, numbered in file order: by the reader when it knows the positions (a
 * Parquet file), else by row_number() (DuckDB preserves insertion order by default).
 */
function numberedScan(source: Pick<DataSource, "relation" | "numbered">): string {
  if (source.numbered) return `${source.numbered(ROW)} AS t`;
  return `(SELECT *, row_number() OVER () AS ${ROW} FROM ${source.relation}) AS t`;
}

/**
 * The statements of measureChecks that read the source: the shared scan, preceded by the statement
 * keeping the rows when a check groups them (for inspection and benchmarks).
 */
export function checkScanSql(
  source: Pick<DataSource, "columns" | "relation" | "numbered">,
  checks: readonly PlannedCheck[],
): string {
  const compiled = checks.map((check) => compileCheck(check, source));
  const followUps = compiled.flatMap((c) => (c.followUp ? [c.followUp] : []));
  if (followUps.length === 0 || source.numbered) {
    return checkQuery(numberedScan(source), compiled, !source.numbered);
  }
  const keeping = keptRowsSql(
    source,
    followUps.some((f) => f.hashed),
  );
  return [...keeping, checkQuery(quoteIdentifier(KEPT_ROWS), compiled, false)].join(";\n");
}

function compileCheck(check: PlannedCheck, source: Pick<DataSource, "columns" | "relation">): CompiledCheck {
  const id = check.id;
  const columnType = (name: string): string => source.columns.find((c) => c.name === name)?.duckdbType ?? "VARCHAR";
  switch (check.check) {
    case "required":
      return constant(check, { failingRows: 0, observed: "absent", examples: [] });
    case "type": {
      const duckdbType = columnType(check.column);
      const family = typeFamily(duckdbType);
      const col = quoteIdentifier(check.column);
      const condition = typeViolation(col, family, check.expected);
      if (condition === undefined) {
        return constant(check, { failingRows: 0, observed: duckdbType, examples: [], dataType: duckdbType });
      }
      return rowCheck(check, condition, columnExample(col, family), {
        observed: duckdbType,
        dataType: duckdbType,
      });
    }
    case "not_null":
    case "max_missing": {
      const col = quoteIdentifier(check.column);
      return rowCheck(check, `${col} IS NULL`, { raw: "NULL", shown: asIs });
    }
    case "min":
    case "max": {
      const family = typeFamily(columnType(check.column));
      const col = quoteIdentifier(check.column);
      const domain: Domain = typeof check.bound === "number" ? "number" : check.type === "date" ? "date" : "timestamp";
      const value = inDomain(col, family, domain);
      const bound =
        typeof check.bound === "number"
          ? numberLiteral(check.bound)
          : `CAST(${sqlLiteral(check.bound)} AS ${domain.toUpperCase()})`;
      const condition = `${value} ${check.check === "min" ? "<" : ">"} ${bound}`;
      const extreme = domain === "number" ? `${check.check}(${value})` : `CAST(${check.check}(${value}) AS VARCHAR)`;
      return rowCheck(check, condition, columnExample(col, family), {
        extra: [`${extreme} AS ${id}_extreme`],
      });
    }
    case "allowed": {
      const family = typeFamily(columnType(check.column));
      const col = quoteIdentifier(check.column);
      const condition = `${col} IS NOT NULL AND NOT list_contains(${allowedComparison(col, family, check.values)})`;
      return rowCheck(check, condition, columnExample(col, family));
    }
    case "regex": {
      const family = typeFamily(columnType(check.column));
      const col = quoteIdentifier(check.column);
      const condition = `${col} IS NOT NULL AND NOT regexp_full_match(CAST(${col} AS VARCHAR), ${sqlLiteral(check.pattern)})`;
      return rowCheck(check, condition, columnExample(col, family));
    }
    case "unique": {
      // Counted by sorting the column: a value equal to the one before it repeats an earlier row. On a
      // key column (most values distinct, as a unique column is meant to be) the sort took half the time
      // of count(DISTINCT) over 3M rows, and needs none of the hash tables a DISTINCT aggregate sets up
      // in the shared scan (a fixed 2 MB, most of a small file's validation). Ties are ordered by row,
      // so the rows listed are the later occurrences of a value, first by row number.
      const col = quoteIdentifier(check.column);
      const family = typeFamily(columnType(check.column));
      return {
        check,
        aggregates: [],
        read: () => ({ failingRows: 0, observed: 0, examples: [] }),
        followUp: {
          sql: `SELECT count(*) AS n, ${firstRows({ raw: exampleValue(col, family), shown: asIs })} AS examples FROM (
  SELECT ${ROW}, ${col}, lag(${col}) OVER (ORDER BY ${col}, ${ROW}) AS previous
  FROM ${quoteIdentifier(KEPT_ROWS)} WHERE ${col} IS NOT NULL
) WHERE ${col} = previous`,
        },
      };
    }
    case "row_count":
      return {
        check,
        aggregates: [],
        read: (row) => ({ failingRows: 0, observed: toCount(row.__rows), examples: [] }),
      };
    case "duplicate_rows":
      if (check.estimate) {
        // Opted in: rows counted by their hash in the shared scan, so no rows are kept and none listed.
        return {
          check,
          aggregates: [`count(*) - count(DISTINCT ${rowHash(source.columns)}) AS ${id}_n`],
          read: (row) => {
            const n = toCount(row[`${id}_n`]);
            return { failingRows: n, observed: n, examples: [] };
          },
        };
      }
      return {
        check,
        aggregates: [],
        read: () => ({ failingRows: 0, observed: 0, examples: [] }),
        followUp: {
          hashed: true,
          sql: duplicateRowsSql(quoteIdentifier(KEPT_ROWS), source.columns),
        },
      };
    case "freshness": {
      const family = typeFamily(columnType(check.column));
      const col = quoteIdentifier(check.column);
      const time =
        family === "timestamp"
          ? col
          : family === "date"
            ? `CAST(${col} AS TIMESTAMP)`
            : `TRY_CAST(${col} AS TIMESTAMP)`;
      return {
        check,
        aggregates: [`epoch_ms(max(${time})) AS ${id}_ms`, `CAST(max(${time}) AS VARCHAR) AS ${id}_newest`],
        read: (row) => {
          const ms = row[`${id}_ms`];
          return {
            failingRows: 0,
            observed: toJsonValue(row[`${id}_newest`]),
            examples: [],
            newestMs: ms === null || ms === undefined ? null : Number(ms),
          };
        },
      };
    }
    case "custom":
      if ("expression" in check) return rowCheck(check, `NOT (${check.expression})`, rowExample(source.columns));
      return {
        check,
        aggregates: [`(${check.aggregate}) AS ${id}_v`],
        read: (row) => ({ failingRows: 0, observed: toJsonValue(row[`${id}_v`]), examples: [] }),
      };
  }
}

function constant(check: PlannedCheck, measurement: Measurement): CompiledCheck {
  return { check, aggregates: [], read: () => measurement };
}

/**
 * A check failed by individual rows: the scan counts the rows where `condition` holds; the examples
 * aggregate keeps the first MAX_EXAMPLES of them by row number (arg_min keeps a heap of five), in the
 * scan or in the query over kept rows (measureChecks).
 */
function rowCheck(
  check: PlannedCheck,
  condition: string,
  value: Example,
  options: { observed?: string; dataType?: string; extra?: readonly string[] } = {},
): CompiledCheck {
  const id = check.id;
  return {
    check,
    aggregates: [`count_if(${condition}) AS ${id}_n`, ...(options.extra ?? [])],
    examples: {
      aggregate: `${firstRows(value, condition)} AS ${id}_examples`,
      wanted: (row, rows) => failsOnRows(check, toCount(row[`${id}_n`]), rows),
    },
    read: (row) => {
      const failingRows = toCount(row[`${id}_n`]);
      const extreme = row[`${id}_extreme`];
      return {
        failingRows,
        observed: options.observed ?? (extreme !== undefined ? toJsonValue(extreme) : failingRows),
        examples: toExamples(row[`${id}_examples`]),
        ...(options.dataType ? { dataType: options.dataType } : {}),
      };
    },
  };
}

/**
 * Rows that repeat an earlier row in every column, counted exactly over the kept rows (`table`, with
 * ROW and ROW_HASH): rows whose hash occurs more than once are the only candidates (found by sorting
 * the hashes, which costs about half of grouping them), and among those, whole rows are compared, so
 * two different rows whose hashes collide are not counted.
 */
export function duplicateRowsSql(table: string, columns: readonly ColumnInfo[]): string {
  const cols = columns.map((c) => quoteIdentifier(c.name));
  return `WITH repeated AS (
  SELECT DISTINCT h FROM (SELECT ${ROW_HASH} AS h, lag(${ROW_HASH}) OVER (ORDER BY ${ROW_HASH}) AS previous FROM ${table})
  WHERE h = previous
), ranked AS (
  SELECT ${ROW}, ${wholeRow(columns)} AS v, row_number() OVER (PARTITION BY ${cols.join(", ")} ORDER BY ${ROW}) AS k
  FROM ${table} WHERE ${ROW_HASH} IN (SELECT h FROM repeated)
)
SELECT count(*) AS n, ${firstRows({ raw: "v", shown: asIs })} AS examples FROM ranked WHERE k > 1`;
}

type Domain = "number" | "date" | "timestamp";

/** The column read in the domain a bound compares in; text is parsed, and text that does not parse is NULL. */
function inDomain(col: string, family: TypeFamily, domain: Domain): string {
  if (domain === "number") return isNumericFamily(family) ? col : `TRY_CAST(${col} AS DOUBLE)`;
  if (family === "date" || family === "timestamp") return domain === "date" ? `CAST(${col} AS DATE)` : col;
  return `TRY_CAST(${col} AS ${domain.toUpperCase()})`;
}

/**
 * Rows whose stored value is not of the declared type, or undefined when the storage type guarantees
 * it (an INTEGER column is always integer). Text columns (as CSV often gives) are parsed value by value.
 */
export function typeViolation(col: string, family: TypeFamily, expected: ColumnType): string | undefined {
  const present = `${col} IS NOT NULL`;
  const unparsable = (target: string) => `${present} AND TRY_CAST(${col} AS ${target}) IS NULL`;
  switch (expected) {
    case "integer":
      if (family === "integer") return undefined;
      if (family === "float") return `${present} AND (NOT isfinite(${col}) OR ${col} <> trunc(${col}))`;
      if (family === "decimal") return `${present} AND ${col} <> trunc(${col})`;
      // TRY_CAST('1.5' AS BIGINT) rounds to 2, so integer text is recognised by its digits.
      if (family === "string") return `${present} AND NOT regexp_full_match(trim(${col}), '[+-]?[0-9]+')`;
      return present;
    case "number":
      if (isNumericFamily(family)) return undefined;
      return family === "string" ? unparsable("DOUBLE") : present;
    case "string":
      return family === "string" ? undefined : present;
    case "category":
      return family === "string" || family === "integer" || family === "boolean" ? undefined : present;
    case "boolean":
      if (family === "boolean") return undefined;
      if (family === "integer") return `${present} AND ${col} NOT IN (0, 1)`;
      return family === "string" ? unparsable("BOOLEAN") : present;
    case "date":
      if (family === "date") return undefined;
      if (family === "timestamp") return `${present} AND date_trunc('day', ${col}) <> ${col}`;
      return family === "string" ? unparsable("DATE") : present;
    case "timestamp":
      if (family === "timestamp" || family === "date") return undefined;
      return family === "string" ? unparsable("TIMESTAMP") : present;
  }
}

/**
 * `list, value` arguments for list_contains: numbers compare as numbers with a numeric column,
 * booleans with a boolean column, anything else as text (so `allowed: [1, 2]` works on a text column).
 */
function allowedComparison(col: string, family: TypeFamily, values: readonly AllowedValue[]): string {
  if (isNumericFamily(family) && values.every((v) => typeof v === "number")) {
    return `[${values.map((v) => numberLiteral(v as number)).join(", ")}]::DOUBLE[], CAST(${col} AS DOUBLE)`;
  }
  if (family === "boolean" && values.every((v) => typeof v === "boolean")) {
    return `[${values.map(String).join(", ")}]::BOOLEAN[], ${col}`;
  }
  return `[${values.map((v) => sqlLiteral(String(v))).join(", ")}]::VARCHAR[], CAST(${col} AS VARCHAR)`;
}

/** Example values keep numbers, booleans and text as they are; dates and others as DuckDB prints them. */
function shownAsText(family: TypeFamily): boolean {
  return !(isNumericFamily(family) || family === "string" || family === "boolean");
}

function exampleValue(col: string, family: TypeFamily): string {
  return shownAsText(family) ? `CAST(${col} AS VARCHAR)` : col;
}

function columnExample(col: string, family: TypeFamily): Example {
  return { raw: col, shown: shownAsText(family) ? (v) => `CAST(${v} AS VARCHAR)` : asIs };
}

/** The whole row as a struct; its dates and other non-JSON values are cast to text once kept. */
function rowExample(columns: readonly ColumnInfo[]): Example {
  const raw = `struct_pack(${columns.map((c) => `${quoteIdentifier(c.name)} := ${quoteIdentifier(c.name)}`).join(", ")})`;
  if (!columns.some((c) => shownAsText(typeFamily(c.duckdbType)))) return { raw, shown: asIs };
  return {
    raw,
    shown: (v) => {
      const fields = columns.map((c) => {
        const field = `struct_extract(${v}, ${sqlLiteral(c.name)})`;
        return `${quoteIdentifier(c.name)} := ${shownAsText(typeFamily(c.duckdbType)) ? `CAST(${field} AS VARCHAR)` : field}`;
      });
      return `struct_pack(${fields.join(", ")})`;
    },
  };
}

function wholeRow(columns: readonly ColumnInfo[]): string {
  const fields = columns.map((c) => {
    const col = quoteIdentifier(c.name);
    return `${col} := ${exampleValue(col, typeFamily(c.duckdbType))}`;
  });
  return `struct_pack(${fields.join(", ")})`;
}

function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}

async function singleRow(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>> {
  const prepared = await connection.prepare(sql);
  const reader = await prepared.runAndReadAll();
  return reader.getRowObjectsJS()[0] ?? {};
}

interface SqlProbe {
  readonly check: PlannedCheck;
  /** How the problem names the SQL: `custom check "x" (expression ...)`. */
  readonly what: string;
  readonly sql: string;
  readonly aggregate: boolean;
}

function sqlProbes(checks: readonly PlannedCheck[]): SqlProbe[] {
  const probes: SqlProbe[] = [];
  for (const check of checks) {
    if (check.check === "custom") {
      const expression = "expression" in check;
      const text = expression ? check.expression : check.aggregate;
      const what = `custom check "${check.name}" (${expression ? "expression" : "aggregate"} ${text})`;
      probes.push({ check, what, sql: `(${text})`, aggregate: !expression });
    } else if (check.check === "regex") {
      const sql = `regexp_full_match('', ${sqlLiteral(check.pattern)})`;
      probes.push({ check, what: `the regex of column "${check.column}"`, sql, aggregate: false });
    }
  }
  return probes;
}

/**
 * Runs probes against zero rows: all row-level ones in one query and all aggregates in another; only
 * when a combined query fails are they run one by one, to name the culprit. Returns the type of each
 * probe's result, or the error it raised.
 */
async function runProbes(source: DataSource, probes: readonly SqlProbe[]): Promise<(string | Error)[]> {
  const outcomes: (string | Error)[] = [];
  const run = async (group: readonly SqlProbe[]): Promise<string[]> => {
    const columns = group.map((p, i) => `${p.sql} AS v${i}`).join(", ");
    const prepared = await source.connection.prepare(`SELECT ${columns} FROM ${source.relation} LIMIT 0`);
    const reader = await prepared.runAndReadAll();
    return reader.columnTypes().map(String);
  };
  for (const aggregate of [false, true]) {
    const group = probes.filter((p) => p.aggregate === aggregate);
    if (group.length === 0) continue;
    try {
      const types = await run(group);
      group.forEach((p, i) => {
        outcomes[probes.indexOf(p)] = types[i] ?? "";
      });
    } catch {
      for (const p of group) {
        try {
          outcomes[probes.indexOf(p)] = (await run([p]))[0] ?? "";
        } catch (error) {
          outcomes[probes.indexOf(p)] = error instanceof Error ? error : new Error(String(error));
        }
      }
    }
  }
  return outcomes;
}

/**
 * Custom SQL and regular expressions are checked before the scan (against zero rows, so at no cost),
 * so a typo is reported against the check that holds it instead of failing the whole query. Preparing
 * a single statement also refuses a `;` that would smuggle in a second statement.
 */
async function validateUserSql(
  source: DataSource,
  checks: readonly PlannedCheck[],
  locate: ((check: PlannedCheck) => SourceLocation | undefined) | undefined,
): Promise<Problem[]> {
  const probes = sqlProbes(checks);
  if (probes.length === 0) return [];
  const outcomes = await runProbes(source, probes);
  const problems: Problem[] = [];
  probes.forEach((probe, i) => {
    const outcome = outcomes[i];
    const notBoolean = probe.check.check === "custom" && outcome !== "BOOLEAN";
    if (!(outcome instanceof Error) && !notBoolean) return; // sound: no problem, so no location to look up
    const where = locate?.(probe.check);
    const location = where ? { location: where } : {};
    if (outcome instanceof Error && isSandboxRefusal(outcome.message)) {
      problems.push({
        kind: "config",
        ...location,
        message: `${probe.what} reaches outside the data under check: ${outcome.message.split("\n")[0]}`,
        fix: "custom SQL may read only the data being validated: no read_text/read_csv of other files, no ATTACH, COPY, INSTALL or LOAD",
      });
    } else if (outcome instanceof Error) {
      problems.push({
        kind: "config",
        ...location,
        message: `${probe.what} is not valid: ${outcome.message.split("\n")[0]}`,
        fix:
          probe.check.check === "regex"
            ? "fix the regular expression (RE2 syntax, as DuckDB's regexp_full_match)"
            : "fix the SQL in the contract (DuckDB dialect)",
      });
    } else if (notBoolean) {
      problems.push({
        kind: "config",
        ...location,
        message: `${probe.what} gives ${outcome}, not a boolean`,
        fix: "write a condition, e.g. with <, =, IN or IS NOT NULL",
      });
    }
  });
  return problems;
}
