import type { DuckDBConnection } from "@duckdb/node-api";
import type { AllowedValue, PlannedCheck } from "@mlci/core/contract/check-plan.js";
import type { ColumnType } from "@mlci/core/contract/contract-schema.js";
import { isNumericFamily, type TypeFamily, typeFamily } from "@mlci/core/contract/duckdb-types.js";
import { type ExampleRow, MAX_EXAMPLES } from "@mlci/core/contract/validation-result.js";
import { failsOnRows, type Measurement } from "@mlci/core/contract/verdict.js";
import type { Problem, SourceLocation } from "@mlci/core/problem.js";
import { err, ok, type Result } from "@mlci/core/result.js";
import { type ColumnInfo, type DataSource, quoteIdentifier, readErrorProblem, sqlLiteral } from "./data-source.js";
import { toCount, toJsonValue } from "./duckdb-values.js";

/** 1-based position of each row in the data, added to the scan so failing rows can be named. */
const ROW = "__mlci_row";

export interface MeasuredChecks {
  readonly rows: number;
  readonly measurements: Map<string, Measurement>;
}

/** One check compiled to aggregates of the shared scan, a reader of their values, and an optional follow-up. */
interface CompiledCheck {
  readonly check: PlannedCheck;
  readonly aggregates: readonly string[];
  read(row: Readonly<Record<string, unknown>>): Measurement;
  /** A query returning (row, value) examples, run only when the check found failing rows it cannot list in the scan. */
  readonly examplesQuery?: string;
}

/** The scan all checks share, numbered in file order (DuckDB preserves insertion order by default). */
function numberedScan(relation: string): string {
  return `(SELECT *, row_number() OVER () AS ${ROW} FROM ${relation}) AS t`;
}

/**
 * Measures every planned check with one aggregate query over the data (failing-row counts with
 * count_if, extremes, distinct counts, aggregate conditions), then, for each check that fails on
 * rows, one query listing its first MAX_EXAMPLES failing rows by row number.
 */
export async function measureChecks(
  source: DataSource,
  checks: readonly PlannedCheck[],
  locate?: (check: PlannedCheck) => SourceLocation | undefined,
): Promise<Result<MeasuredChecks, Problem[]>> {
  const invalid = await validateUserSql(source, checks, locate);
  if (invalid.length > 0) {
    // In an empty CSV every column reads as text, which makes sound custom SQL look wrong: say "empty".
    const empty = await emptyDataProblem(source);
    return err(empty ? [empty] : invalid);
  }
  const compiled = checks.map((check) => compileCheck(check, source));
  const sql = checkQuery(source.relation, compiled);
  let row: Record<string, unknown>;
  try {
    row = await singleRow(source.connection, sql);
  } catch (error) {
    return err([readErrorProblem(source.path, source.format, error)]);
  }
  const rows = toCount(row.__rows);
  if (rows === 0) return err([emptyProblem(source)]);
  const measurements = new Map<string, Measurement>();
  for (const entry of compiled) {
    let measurement = entry.read(row);
    if (entry.examplesQuery !== undefined && failsOnRows(entry.check, measurement.failingRows, rows)) {
      measurement = { ...measurement, examples: await readExamples(source.connection, entry.examplesQuery) };
    }
    measurements.set(entry.check.id, measurement);
  }
  return ok({ rows, measurements });
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

function checkQuery(relation: string, compiled: readonly CompiledCheck[]): string {
  const aggregates = ["count(*) AS __rows", ...compiled.flatMap((c) => c.aggregates)];
  // Row numbers are only needed by the follow-up example queries: numbering rows in the shared scan
  // forces DuckDB to keep file order through a window, which cost more than the checks themselves
  // (1.86 s -> 1.34 s on the 3M-row CSV of bench/validate.mjs).
  return `SELECT ${aggregates.join(",\n  ")}\nFROM ${relation}`;
}

/** The SQL of the shared scan for a plan, as measureChecks runs it (for inspection and benchmarks). */
export function checkScanSql(
  source: Pick<DataSource, "columns" | "relation">,
  checks: readonly PlannedCheck[],
): string {
  return checkQuery(
    source.relation,
    checks.map((check) => compileCheck(check, source)),
  );
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
      return rowCheck(check, source.relation, condition, exampleValue(col, family), {
        observed: duckdbType,
        dataType: duckdbType,
      });
    }
    case "not_null":
    case "max_missing": {
      const col = quoteIdentifier(check.column);
      return rowCheck(check, source.relation, `${col} IS NULL`, "NULL");
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
      return rowCheck(check, source.relation, condition, exampleValue(col, family), {
        extra: [`${extreme} AS ${id}_extreme`],
      });
    }
    case "allowed": {
      const family = typeFamily(columnType(check.column));
      const col = quoteIdentifier(check.column);
      const condition = `${col} IS NOT NULL AND NOT list_contains(${allowedComparison(col, family, check.values)})`;
      return rowCheck(check, source.relation, condition, exampleValue(col, family));
    }
    case "regex": {
      const family = typeFamily(columnType(check.column));
      const col = quoteIdentifier(check.column);
      const condition = `${col} IS NOT NULL AND NOT regexp_full_match(CAST(${col} AS VARCHAR), ${sqlLiteral(check.pattern)})`;
      return rowCheck(check, source.relation, condition, exampleValue(col, family));
    }
    case "unique": {
      const col = quoteIdentifier(check.column);
      const family = typeFamily(columnType(check.column));
      return {
        check,
        aggregates: [`count(${col}) - count(DISTINCT ${col}) AS ${id}_n`],
        read: (row) => {
          const n = toCount(row[`${id}_n`]);
          return { failingRows: n, observed: n, examples: [] };
        },
        examplesQuery: `SELECT ${ROW} AS r, ${exampleValue(col, family)} AS v FROM (
  SELECT ${ROW}, ${col}, row_number() OVER (PARTITION BY ${col} ORDER BY ${ROW}) AS k
  FROM ${numberedScan(source.relation)} WHERE ${col} IS NOT NULL
) WHERE k > 1 ORDER BY ${ROW} LIMIT ${MAX_EXAMPLES}`,
      };
    }
    case "row_count":
      return {
        check,
        aggregates: [],
        read: (row) => ({ failingRows: 0, observed: toCount(row.__rows), examples: [] }),
      };
    case "duplicate_rows": {
      const cols = source.columns.map((c) => quoteIdentifier(c.name));
      return {
        check,
        aggregates: [`count(*) - count(DISTINCT (${rowTuple(cols)})) AS ${id}_n`],
        read: (row) => {
          const n = toCount(row[`${id}_n`]);
          return { failingRows: n, observed: n, examples: [] };
        },
        examplesQuery: `SELECT ${ROW} AS r, ${wholeRow(source.columns)} AS v FROM (
  SELECT *, row_number() OVER (PARTITION BY ${cols.join(", ")} ORDER BY ${ROW}) AS k FROM ${numberedScan(source.relation)}
) WHERE k > 1 ORDER BY ${ROW} LIMIT ${MAX_EXAMPLES}`,
      };
    }
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
      if ("expression" in check)
        return rowCheck(check, source.relation, `NOT (${check.expression})`, wholeRow(source.columns));
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
 * A check failed by individual rows: the scan counts the rows where `condition` holds; when the check
 * fails, a follow-up query lists the first MAX_EXAMPLES of them. Collecting examples inside the scan
 * (arg_min(..., n) FILTER) costs about 4x the scan itself on flights-3m, while a follow-up reads only
 * the columns it needs and stops at the fifth failing row, and passing checks need none.
 */
function rowCheck(
  check: PlannedCheck,
  relation: string,
  condition: string,
  value: string,
  options: { observed?: string; dataType?: string; extra?: readonly string[] } = {},
): CompiledCheck {
  const id = check.id;
  return {
    check,
    aggregates: [`count_if(${condition}) AS ${id}_n`, ...(options.extra ?? [])],
    read: (row) => {
      const failingRows = toCount(row[`${id}_n`]);
      const extreme = row[`${id}_extreme`];
      return {
        failingRows,
        observed: options.observed ?? (extreme !== undefined ? toJsonValue(extreme) : failingRows),
        examples: [],
        ...(options.dataType ? { dataType: options.dataType } : {}),
      };
    },
    // No ORDER BY: with DuckDB's default preserve_insertion_order the rows come in file order, so LIMIT
    // stops the scan at the fifth failing row (on a 3M-row CSV, 0.14 s instead of 1.1 s with ORDER BY).
    examplesQuery: `SELECT ${ROW} AS r, ${value} AS v FROM ${numberedScan(relation)} WHERE ${condition} LIMIT ${MAX_EXAMPLES}`,
  };
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
function exampleValue(col: string, family: TypeFamily): string {
  return isNumericFamily(family) || family === "string" || family === "boolean" ? col : `CAST(${col} AS VARCHAR)`;
}

function wholeRow(columns: readonly ColumnInfo[]): string {
  const fields = columns.map((c) => {
    const col = quoteIdentifier(c.name);
    return `${col} := ${exampleValue(col, typeFamily(c.duckdbType))}`;
  });
  return `struct_pack(${fields.join(", ")})`;
}

/** A row value over all columns; a single column needs no tuple (DuckDB reads `(x)` as x itself). */
function rowTuple(cols: readonly string[]): string {
  return cols.length === 1 ? `struct_pack(${cols[0]})` : `row(${cols.join(", ")})`;
}

function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}

async function readExamples(connection: DuckDBConnection, sql: string): Promise<ExampleRow[]> {
  const prepared = await connection.prepare(sql);
  const reader = await prepared.runAndReadAll();
  return reader.getRowObjectsJS().map((r) => ({ row: toCount(r.r), value: toJsonValue(r.v) }));
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
    const where = locate?.(probe.check);
    const location = where ? { location: where } : {};
    if (outcome instanceof Error) {
      problems.push({
        kind: "config",
        ...location,
        message: `${probe.what} is not valid: ${outcome.message.split("\n")[0]}`,
        fix:
          probe.check.check === "regex"
            ? "fix the regular expression (RE2 syntax, as DuckDB's regexp_full_match)"
            : "fix the SQL in the contract (DuckDB dialect)",
      });
    } else if (probe.check.check === "custom" && outcome !== "BOOLEAN") {
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
