import type { DuckDBDataChunk } from "@duckdb/node-api";
import { type ColumnBatch, type ColumnValues, columnKindOf } from "@mlci/core/column-batch.js";
import { ProblemError } from "@mlci/core/problem.js";
import { type DataSource, quoteIdentifier, readErrorProblem } from "./data-source.js";
import { duckdbBindings } from "./duckdb-module.js";

/**
 * Rows per batch handed to the consumer. DuckDB produces chunks of 2048 rows; a model runs far more
 * efficiently on larger tensors (onnxruntime's per-call overhead is ~10-50 us), and 65536 rows of ten
 * float columns are 5 MB, so memory stays bounded whatever the file size.
 */
export const DEFAULT_BATCH_ROWS = 65_536;

export interface ColumnBatchOptions {
  readonly batchRows?: number;
  /**
   * Fill the same arrays for every batch: a batch's numbers are then valid until the next batch is
   * asked for, and a consumer that keeps them copies them (sliceBatch does). Fresh arrays for each
   * batch cost more than the copy into them: every new page is a page fault, about 3 ms per MB on
   * the 2-core development VM, 0.1 s per 3M rows and column.
   */
  readonly reuse?: boolean;
}

/**
 * Streams the named columns of a data source in batches, in the file's row order: numeric and boolean
 * columns as Float64Array (missing = NaN), all others as text (missing = null). DuckDB converts the
 * types in the scan (CAST ... AS DOUBLE / VARCHAR), so JavaScript only copies values: numbers as whole
 * arrays out of DuckDB's vectors, text value by value.
 */
export async function* streamColumnBatches(
  source: DataSource,
  columns: readonly string[],
  options: ColumnBatchOptions = {},
): AsyncGenerator<ColumnBatch> {
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const types = new Map(source.columns.map((c) => [c.name, c.duckdbType]));
  const kinds = columns.map((name) => {
    const type = types.get(name);
    if (type === undefined) throw new Error(`no column ${name} in ${source.path}`); // callers check names first
    return columnKindOf(type);
  });
  const select = columns
    .map((name, j) => `CAST(${quoteIdentifier(name)} AS ${kinds[j] === "number" ? "DOUBLE" : "VARCHAR"})`)
    .join(", ");
  let offset = 0;
  let builder = new BatchBuilder(columns, kinds, batchRows);
  try {
    const result = await source.connection.stream(`SELECT ${select} FROM ${source.relation}`);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      let start = 0;
      while (start < chunk.rowCount) {
        const taken = builder.append(chunk, start, chunk.rowCount);
        start += taken;
        if (builder.full) {
          yield builder.build(offset);
          offset += batchRows;
          if (options.reuse) builder.clear();
          else builder = new BatchBuilder(columns, kinds, batchRows);
        }
      }
    }
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    // DuckDB failed in the middle of the scan (a malformed CSV row deep in the file).
    throw new ProblemError(readErrorProblem(source.path, source.format, error));
  }
  if (builder.rows > 0) yield builder.build(offset);
}

class BatchBuilder {
  rows = 0;
  private readonly numbers: (Float64Array | undefined)[];
  private readonly texts: ((string | null)[] | undefined)[];

  constructor(
    private readonly names: readonly string[],
    kinds: readonly ColumnValues["kind"][],
    private readonly capacity: number,
  ) {
    this.numbers = kinds.map((k) => (k === "number" ? new Float64Array(capacity) : undefined));
    this.texts = kinds.map((k) => (k === "string" ? new Array<string | null>(capacity) : undefined));
  }

  get full(): boolean {
    return this.rows === this.capacity;
  }

  /** Starts the next batch in the same arrays (text arrays are copied out by build). */
  clear(): void {
    this.rows = 0;
  }

  /** Copies rows [start, end) of a chunk, as many as fit; returns how many were copied. */
  append(chunk: DuckDBDataChunk, start: number, end: number): number {
    const count = Math.min(end - start, this.capacity - this.rows);
    this.names.forEach((_, j) => {
      const numbers = this.numbers[j];
      if (numbers) {
        copyDoubles(chunk, j, start, count, numbers.subarray(this.rows, this.rows + count));
      } else {
        const vector = chunk.getColumnVector(j);
        const texts = this.texts[j] as (string | null)[];
        for (let i = 0; i < count; i++) texts[this.rows + i] = vector.getItem(start + i) as string | null;
      }
    });
    this.rows += count;
    return count;
  }

  build(offset: number): ColumnBatch {
    const columns = new Map<string, ColumnValues>();
    this.names.forEach((name, j) => {
      const numbers = this.numbers[j];
      columns.set(
        name,
        numbers
          ? { kind: "number", values: numbers.subarray(0, this.rows) }
          : { kind: "string", values: (this.texts[j] as (string | null)[]).slice(0, this.rows) },
      );
    });
    return { rows: this.rows, offset, columns };
  }
}

/**
 * Copies rows [start, start + count) of a DOUBLE column of a result chunk into `into` in one move, then
 * marks its missing values NaN. A result chunk's vectors are flat: `rowCount` doubles and, when any
 * value is missing, a validity mask of one bit per row (64-bit little-endian words, bit set = present).
 */
function copyDoubles(chunk: DuckDBDataChunk, column: number, start: number, count: number, into: Float64Array): void {
  const duckdb = duckdbBindings();
  const rows = chunk.rowCount;
  const vector = duckdb.data_chunk_get_vector(chunk.chunk, column);
  const bytes = duckdb.vector_get_data(vector, rows * Float64Array.BYTES_PER_ELEMENT);
  into.set(new Float64Array(bytes.buffer, bytes.byteOffset, rows).subarray(start, start + count));
  const validity = duckdb.vector_get_validity(vector, Math.ceil(rows / 64) * 8);
  if (!validity) return; // no mask: every value is present
  for (let i = 0; i < count; i++) {
    const row = start + i;
    if (((validity[row >>> 3] as number) & (1 << (row & 7))) === 0) into[i] = Number.NaN;
  }
}

/** Number of rows of a source (for a progress bar); for CSV this is a scan of its own. */
export async function countRows(source: DataSource): Promise<number> {
  const reader = await source.connection.runAndReadAll(`SELECT count(*)::DOUBLE FROM ${source.relation}`);
  return Number(reader.getRows()[0]?.[0] ?? 0);
}
