/**
 * Columns of a block of rows, as the engine streams them and the model consumes them. Numbers travel
 * as a Float64Array (a missing value is NaN; booleans are 1/0; integers beyond 2^53 lose precision,
 * which no model feature needs), text as strings (a missing value is null).
 */
export type ColumnValues =
  | { readonly kind: "number"; readonly values: Float64Array }
  | { readonly kind: "string"; readonly values: readonly (string | null)[] };

export interface ColumnBatch {
  /** Rows in this batch. */
  readonly rows: number;
  /** 0-based index of the batch's first row in the whole stream. */
  readonly offset: number;
  readonly columns: ReadonlyMap<string, ColumnValues>;
}

/** A column's values as text: numbers print as JavaScript does (1 not 1.0), missing values are null. */
export function columnAsText(column: ColumnValues): (string | null)[] {
  if (column.kind === "string") return [...column.values];
  return Array.from(column.values, (v) => (Number.isNaN(v) ? null : String(v)));
}

const NUMERIC_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?|BOOLEAN)$/i;

/** How a column of this DuckDB type travels in a batch: numbers (and booleans) as numbers, the rest as text. */
export function columnKindOf(duckdbType: string): ColumnValues["kind"] {
  return NUMERIC_TYPE.test(duckdbType.trim()) ? "number" : "string";
}

/** Rows [start, end) of a batch, copied: a streamed batch's arrays may be refilled by the next batch. */
export function sliceBatch(batch: ColumnBatch, start: number, end: number): ColumnBatch {
  const columns = new Map<string, ColumnValues>();
  for (const [name, column] of batch.columns) {
    columns.set(
      name,
      column.kind === "number"
        ? { kind: "number", values: column.values.slice(start, end) }
        : { kind: "string", values: column.values.slice(start, end) },
    );
  }
  return { rows: end - start, offset: batch.offset + start, columns };
}
