import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { Problem } from "@mlci/core/problem.js";
import { err, ok, type Result } from "@mlci/core/result.js";
import { findRaggedRow } from "./csv-shape.js";
import { duckdb } from "./duckdb-module.js";
import { makeSpillDirectory } from "./spill-directory.js";

export type DataFormat = "csv" | "tsv" | "parquet" | "json" | "ndjson";

export const DATA_FORMATS: readonly DataFormat[] = ["csv", "tsv", "parquet", "json", "ndjson"];

export interface DataSourceOptions {
  /** Overrides the format inferred from the file extension. */
  readonly format?: DataFormat;
  /** CSV delimiter; inferred by DuckDB's sniffer when omitted (tab for `.tsv`). */
  readonly delimiter?: string;
  /** DuckDB's memory limit, e.g. "700MB". Bounded by default so a large file spills instead of swapping. */
  readonly memoryLimit?: string;
}

export interface ColumnInfo {
  readonly name: string;
  /** DuckDB's type name: BIGINT, DOUBLE, VARCHAR, TIMESTAMP, BOOLEAN, DATE, ... */
  readonly duckdbType: string;
}

/** A dataset opened in DuckDB as a view, ready to be queried with `SELECT ... FROM ${relation}`. */
export interface DataSource {
  readonly path: string;
  readonly format: DataFormat;
  readonly connection: DuckDBConnection;
  /** A quoted view name to put after FROM. */
  readonly relation: string;
  /**
   * For a local glob: the files it matched when the source was opened, which the view reads (a file
   * added later is not read, and a contract's sandbox allows exactly these). Undefined otherwise.
   */
  readonly files?: readonly string[];
  /** A local file's size in bytes when it was opened; undefined for a glob or URL. */
  readonly bytes?: number;
  /**
   * The rows with their 1-based position in the file as column `rowColumn`, when the reader knows it
   * (a single Parquet file: its file_row_number). Without it, rows are numbered with row_number(),
   * which gathers every row into one window partition first.
   */
  numbered?(rowColumn: string): string;
  readonly columns: readonly ColumnInfo[];
  close(): void;
}

const VIEW_NAME = "mlci_data";
/**
 * The widest data mlci reads. Validation and profiles are one query over all columns, whose size
 * grows with the column count: a 10,000-column CSV exhausted DuckDB's memory limit before a row was
 * read. Refusing up front gives a message instead of an out-of-memory error.
 */
export const MAX_COLUMNS = 2000;

function tooManyColumns(path: string, count: number): Problem {
  return inputProblem(
    path,
    `has ${count} columns; mlci reads at most ${MAX_COLUMNS} (each check and profile is one query over all columns, which would exhaust the memory limit)`,
    "keep the columns the model uses in a narrower file (e.g. with DuckDB: COPY (SELECT a, b, c FROM 'wide.csv') TO 'narrow.csv')",
  );
}

/** Leaves room for Node, onnxruntime and the rest of the process under 1 GiB. */
const DEFAULT_MEMORY_LIMIT = "700MB";

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function sqlLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function isUrl(path: string): boolean {
  return /^https?:\/\//i.test(path);
}

function isGlob(path: string): boolean {
  return /[*?[]/.test(path);
}

/** The format named by the extension (`.csv.gz` counts as CSV), or undefined. */
export function formatFromPath(path: string): DataFormat | undefined {
  const name = path
    .toLowerCase()
    .replace(/[?#].*$/, "")
    .replace(/\.(gz|zst)$/, "");
  if (name.endsWith(".csv")) return "csv";
  if (name.endsWith(".tsv") || name.endsWith(".tab")) return "tsv";
  if (name.endsWith(".parquet") || name.endsWith(".pq")) return "parquet";
  if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) return "ndjson";
  if (name.endsWith(".json")) return "json";
  return undefined;
}

function inputProblem(path: string, message: string, fix: string): Problem {
  return { kind: "input", message, location: { file: path }, fix };
}

/** `files`: what a glob matched; the reader then reads exactly that list. */
function readerSql(path: string, format: DataFormat, options: DataSourceOptions, files?: readonly string[]): string {
  const file = files ? `[${files.map(sqlLiteral).join(", ")}]` : sqlLiteral(path);
  switch (format) {
    case "parquet":
      return `read_parquet(${file})`;
    case "json":
      return `read_json_auto(${file}, format = 'auto')`;
    case "ndjson":
      return `read_json_auto(${file}, format = 'newline_delimited')`;
    case "csv":
    case "tsv":
      return `read_csv(${file}, ${csvOptions(format, options)})`;
  }
}

/**
 * DuckDB's CSV buffer. Its default (32 MB, or the whole file when smaller) is allocated afresh by the
 * sniffer and by the scan, and a fresh process pays a page fault per 4 KB of it: for a 17 MB CSV,
 * about 60 ms of CPU more than 4 MB buffers, which sniff the same rows (the sniffer reads on into the
 * next buffer until it has its sample) and scan as fast. A line must fit in it (DuckDB's default
 * allows 2 MB lines).
 */
const CSV_BUFFER_BYTES = 4 * 1024 * 1024;

/** What mlci tells DuckDB's CSV reader; the sniffer finds the rest. */
function csvOptions(format: "csv" | "tsv", options: DataSourceOptions): string {
  const delimiter = options.delimiter ?? (format === "tsv" ? "\t" : undefined);
  const delim = delimiter === undefined ? "" : `, delim = ${sqlLiteral(delimiter)}`;
  return `header = true, skip = 0${delim}, buffer_size = ${CSV_BUFFER_BYTES}`;
}

/**
 * The view's columns as DuckDB bound them when it was created: a DESCRIBE would bind the reader
 * again, which for an auto-detecting CSV reader means sniffing the file again.
 */
async function viewColumns(connection: DuckDBConnection, viewName: string): Promise<ColumnInfo[]> {
  const described = await connection.runAndReadAll(
    `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ${sqlLiteral(viewName)} ORDER BY column_index`,
  );
  return described
    .getRowObjectsJS()
    .map((row) => ({ name: String(row.column_name), duckdbType: String(row.data_type) }));
}

/** How sniff_csv reports a quote, escape or comment character that the file does not use. */
const SNIFFED_NONE = "(empty)";

/**
 * A single local CSV file's reader with everything DuckDB's sniffer found spelled out (dialect, header,
 * column names and types, date formats), or undefined for other sources. An auto-detecting read_csv
 * sniffs the file each time a query binds it, and every query over the view binds it again: about
 * 40 ms per query on a 100 MB CSV. sniff_csv runs the same sniffer once, so the data reads exactly as
 * an auto-detecting reader would read it, and the columns are known without asking the catalog.
 */
async function sniffedCsvReader(
  connection: DuckDBConnection,
  path: string,
  format: DataFormat,
  options: DataSourceOptions,
  files: readonly string[] | undefined,
): Promise<{ reader: string; columns: ColumnInfo[] } | undefined> {
  if ((format !== "csv" && format !== "tsv") || files !== undefined || isUrl(path)) return undefined;
  const result = await connection.runAndReadAll(
    `SELECT Delimiter, Quote, Escape, NewLineDelimiter, Comment, SkipRows, HasHeader, Columns, DateFormat, TimestampFormat
     FROM sniff_csv(${sqlLiteral(path)}, ${csvOptions(format, options)})`,
  );
  const sniffed = result.getRowObjectsJS()[0];
  if (!sniffed || !Array.isArray(sniffed.Columns)) return undefined;
  const character = (value: unknown): string => sqlLiteral(value === SNIFFED_NONE ? "" : String(value ?? ""));
  const columns = (sniffed.Columns as { name: unknown; type: unknown }[]).map((c) => ({
    name: String(c.name),
    duckdbType: String(c.type),
  }));
  const declared = columns.map((c) => `${sqlLiteral(c.name)}: ${sqlLiteral(c.duckdbType)}`).join(", ");
  const formats = [
    ...(typeof sniffed.DateFormat === "string" ? [`dateformat = ${sqlLiteral(sniffed.DateFormat)}`] : []),
    ...(typeof sniffed.TimestampFormat === "string"
      ? [`timestampformat = ${sqlLiteral(sniffed.TimestampFormat)}`]
      : []),
  ];
  const reader = `read_csv(${[
    sqlLiteral(path),
    "auto_detect = false",
    `delim = ${character(sniffed.Delimiter)}`,
    `quote = ${character(sniffed.Quote)}`,
    `escape = ${character(sniffed.Escape)}`,
    `new_line = ${character(sniffed.NewLineDelimiter)}`,
    `comment = ${character(sniffed.Comment)}`,
    `header = ${sniffed.HasHeader === true}`,
    `skip = ${Number(sniffed.SkipRows ?? 0)}`,
    `columns = {${declared}}`,
    `buffer_size = ${CSV_BUFFER_BYTES}`,
    ...formats,
  ].join(", ")})`;
  return { reader, columns };
}

/** A single local Parquet file numbers its rows itself (file_row_number, 0-based). */
function numberedReader(
  path: string,
  format: DataFormat,
  columns: readonly ColumnInfo[],
): ((rowColumn: string) => string) | undefined {
  if (format !== "parquet" || isUrl(path) || isGlob(path)) return undefined;
  if (columns.some((c) => c.name.toLowerCase() === "file_row_number")) return undefined;
  return (rowColumn) =>
    `(SELECT * EXCLUDE (file_row_number), file_row_number + 1 AS ${rowColumn} FROM read_parquet(${sqlLiteral(path)}, file_row_number = true))`;
}

/** A local file's size in bytes, or the problem with its path; undefined for URLs and globs. */
async function checkLocalPath(path: string): Promise<Problem | number | undefined> {
  if (isUrl(path) || isGlob(path)) return undefined;
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      return inputProblem(path, "is a directory, not a data file", "name a file, or a glob such as dir/*.parquet");
    }
    return info.size;
  } catch {
    return inputProblem(path, "data file not found", "check the path (relative paths start at the current directory)");
  }
}

/**
 * Files up to this size are read by one DuckDB thread. Their scan is one CSV buffer or a few Parquet
 * row groups either way, but every DISTINCT aggregate and sort sets up per-thread hash tables and
 * partitions: with two threads, `mlci schema infer` of an 8-row CSV spent 4x the CPU of one thread.
 */
const SINGLE_THREAD_BYTES = 4 * 1024 * 1024;

/** The files a local glob matches, by DuckDB's own glob (the one its readers use), sorted. */
async function globFiles(connection: DuckDBConnection, path: string): Promise<Result<string[] | undefined, Problem>> {
  if (!isGlob(path) || isUrl(path)) return ok(undefined);
  const reader = await connection.runAndReadAll(`SELECT file FROM glob(${sqlLiteral(path)}) ORDER BY file`);
  const files = reader.getRows().map((row) => String(row[0]));
  return files.length === 0
    ? err(inputProblem(path, "the glob matches no file", "check the pattern and the current directory"))
    : ok(files);
}

async function loadHttpfs(connection: DuckDBConnection, path: string): Promise<Problem | undefined> {
  if (!isUrl(path)) return undefined;
  try {
    await connection.run("LOAD httpfs");
    return undefined;
  } catch {
    return inputProblem(
      path,
      "reading an http(s) URL needs DuckDB's httpfs extension, which is not installed on this machine",
      "download the file first and pass its local path, or install the extension once with network access (DuckDB: INSTALL httpfs)",
    );
  }
}

/**
 * Turns a DuckDB error raised while reading a source into a problem a user can act on: CSV errors keep
 * the line DuckDB names, Parquet errors say the file is not valid Parquet.
 */
export function readErrorProblem(path: string, format: DataFormat, error: unknown): Problem {
  const text = error instanceof Error ? error.message : String(error);
  if (/Out of Memory Error/i.test(text)) {
    return inputProblem(
      path,
      `DuckDB ran out of memory reading it: ${firstLine(text)}`,
      "the file is readable, but too large or too wide for the memory limit: split it, or keep fewer columns",
    );
  }
  const line = /line:?\s*(\d+)/i.exec(text)?.[1];
  if ((format === "csv" || format === "tsv") && /column|quote|CSV Error/i.test(text)) {
    const found = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(text);
    const detail = found ? `: expected ${found[1]} columns, found ${found[2]}` : `: ${firstLine(text)}`;
    return {
      kind: "input",
      message: `malformed ${format.toUpperCase()} row${detail}`,
      location: line ? { file: path, line: Number(line) } : { file: path },
      fix: "make every row have the header's number of fields (quote fields that contain the delimiter)",
    };
  }
  if (format === "parquet") {
    return inputProblem(
      path,
      `cannot read as Parquet: ${firstLine(text)}`,
      "check that the file is a complete Parquet file (not truncated, not another format with a .parquet name)",
    );
  }
  return inputProblem(
    path,
    `cannot read as ${format.toUpperCase()}: ${firstLine(text)}`,
    `check that the file is valid ${format.toUpperCase()}`,
  );
}

function firstLine(text: string): string {
  return text.split("\n")[0]?.trim() ?? text;
}

/**
 * A CSV whose sniffing failed, or that came out as one column whose name holds a delimiter, usually has
 * a ragged row early on: find it so the message can name the line.
 */
async function suspectCsvShape(
  path: string,
  format: DataFormat,
  options: DataSourceOptions,
  columns?: readonly ColumnInfo[],
): Promise<Problem | undefined> {
  if ((format !== "csv" && format !== "tsv") || isUrl(path) || isGlob(path)) return undefined;
  const oneSuspectColumn = columns?.length === 1 && /[,;\t|]/.test(columns[0]?.name ?? "");
  if (columns !== undefined && !oneSuspectColumn) return undefined;
  return findRaggedRow(path, options.delimiter ?? (format === "tsv" ? "\t" : undefined));
}

/**
 * Opens a file, glob or URL in a fresh in-memory DuckDB as the view `mlci_data`. Reading errors that
 * DuckDB detects while binding (missing file, corrupt Parquet, malformed CSV header) come back as
 * problems; errors found later during a scan are turned into problems by `readErrorProblem`.
 */
export async function openDataSource(
  path: string,
  options: DataSourceOptions = {},
): Promise<Result<DataSource, Problem[]>> {
  const opened = await openDataSources([path], options);
  return opened.ok ? ok(opened.value[0] as DataSource) : opened;
}

/**
 * Opens several files, globs or URLs in ONE fresh in-memory DuckDB, each as its own view (`mlci_data`,
 * `mlci_data_2`, ...) on its own connection, so that their queries can run at the same time: `mlci
 * drift` profiles reference and current together, which fills the cores that one CSV's sniffing and
 * the serial steps of its query leave idle, and sets DuckDB up and tears it down once. Each source's
 * close() closes its connection; the last one closes the database. Problems of every path come back.
 */
export async function openDataSources(
  paths: readonly string[],
  options: DataSourceOptions = {},
): Promise<Result<DataSource[], Problem[]>> {
  const checked = await Promise.all(paths.map((path) => checkPath(path, options)));
  const problems = checked.flatMap((c) => (c.ok ? [] : [c.error]));
  if (problems.length > 0) return err(problems);
  const inputs = checked.flatMap((c) => (c.ok ? [c.value] : []));
  if (inputs.length === 0) return ok([]);
  const small = inputs.every(({ size }) => size !== undefined && size <= SINGLE_THREAD_BYTES);
  const database = await openDatabase(options, small ? 1 : threadsFor(inputs.length), inputs.length);
  const settled = await Promise.allSettled(
    inputs.map(({ path, format, size }, i) =>
      openView(database, path, format, size, options, i === 0 ? VIEW_NAME : `${VIEW_NAME}_${i + 1}`),
    ),
  );
  const opened = settled.flatMap((s) => (s.status === "fulfilled" && s.value.ok ? [s.value.value] : []));
  if (opened.length === inputs.length) return ok(opened);
  for (const source of opened) source.close();
  const thrown = settled.find((s) => s.status === "rejected");
  if (thrown) throw thrown.reason;
  return err(settled.flatMap((s) => (s.status === "fulfilled" && !s.value.ok ? s.value.error : [])));
}

/**
 * DuckDB's threads for `sources` queried at once, or undefined for DuckDB's default (one per core).
 * Each running query also works on the thread that started it, and the `threads - 1` others serve
 * every query: cores - sources + 1 (at least one) keeps each core busy without oversubscribing it
 * (two drift profiles on 2 cores: one thread each, 6% less CPU and 4% less wall than two each).
 */
function threadsFor(sources: number): number | undefined {
  return sources > 1 ? Math.max(1, availableParallelism() - sources + 1) : undefined;
}

/** The format of a path and, for a local file, its size in bytes; or the problem with it. */
async function checkPath(
  path: string,
  options: DataSourceOptions,
): Promise<Result<{ path: string; format: DataFormat; size: number | undefined }, Problem>> {
  const format = options.format ?? formatFromPath(path);
  if (format === undefined) {
    return err(
      inputProblem(
        path,
        "cannot tell the data format from the file name",
        `use one of the extensions .csv, .tsv, .parquet, .json, .ndjson/.jsonl, or pass --format (${DATA_FORMATS.join("|")})`,
      ),
    );
  }
  const local = await checkLocalPath(path);
  if (typeof local === "object") return err(local);
  return ok({ path, format, size: local });
}

/** An in-memory DuckDB shared by `users` sources: each calls release() once; the last one closes it. */
interface Database {
  readonly instance: DuckDBInstance;
  release(): void;
}

async function openDatabase(options: DataSourceOptions, threads: number | undefined, users: number): Promise<Database> {
  const spill = makeSpillDirectory();
  let instance: DuckDBInstance;
  try {
    instance = await duckdb().DuckDBInstance.create(":memory:", {
      memory_limit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
      temp_directory: spill.path,
      // DuckDB downloads a known extension it lacks (from extensions.duckdb.org) when a query needs
      // one: read_xlsx, delta_scan, an s3:// path. Native code fetched because of what a data path or
      // a contract says is not what a CI step should run; one the user installed still loads.
      autoinstall_known_extensions: "false",
      ...(threads === undefined ? {} : { threads: String(threads) }),
    });
  } catch (error) {
    spill.remove();
    throw error;
  }
  let open = users;
  return {
    instance,
    release: () => {
      open--;
      if (open > 0) return;
      instance.closeSync();
      spill.remove();
    },
  };
}

/** Creates the view `viewName` of `path` on a new connection to `database`. */
async function openView(
  database: Database,
  path: string,
  format: DataFormat,
  bytes: number | undefined,
  options: DataSourceOptions,
  viewName: string,
): Promise<Result<DataSource, Problem[]>> {
  let connection: DuckDBConnection;
  try {
    connection = await database.instance.connect();
  } catch (error) {
    database.release();
    throw error;
  }
  const close = (): void => {
    connection.closeSync();
    database.release();
  };
  try {
    const httpfs = await loadHttpfs(connection, path);
    if (httpfs) {
      close();
      return err([httpfs]);
    }
    const files = await globFiles(connection, path);
    if (!files.ok) {
      close();
      return err([files.error]);
    }
    const relation = quoteIdentifier(viewName);
    const sniffed = await sniffedCsvReader(connection, path, format, options, files.value);
    await connection.run(
      `CREATE VIEW ${relation} AS SELECT * FROM ${sniffed?.reader ?? readerSql(path, format, options, files.value)}`,
    );
    const columns = sniffed?.columns ?? (await viewColumns(connection, viewName));
    if (columns.length > MAX_COLUMNS) {
      close();
      return err([tooManyColumns(path, columns.length)]);
    }
    const ragged = await suspectCsvShape(path, format, options, columns);
    if (ragged) {
      close();
      return err([ragged]);
    }
    const numbered = numberedReader(path, format, columns);
    return ok({
      path,
      format,
      connection,
      relation,
      columns,
      close,
      ...(files.value ? { files: files.value } : {}),
      ...(bytes === undefined ? {} : { bytes }),
      ...(numbered ? { numbered } : {}),
    });
  } catch (error) {
    close();
    const ragged = await suspectCsvShape(path, format, options);
    return err([ragged ?? readErrorProblem(path, format, error)]);
  }
}
