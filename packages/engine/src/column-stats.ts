import { isNumericFamily, typeFamily } from "@mlci/core/contract/duckdb-types.js";
import { type ColumnStats, type DatasetStats, MAX_CATEGORY_VALUES } from "@mlci/core/contract/infer-contract.js";
import type { JsonValue } from "@mlci/core/contract/validation-result.js";
import type { Problem } from "@mlci/core/problem.js";
import { err, ok, type Result } from "@mlci/core/result.js";
import { type DataSource, quoteIdentifier, readErrorProblem } from "./data-source.js";
import { toCount, toJsonValue } from "./duckdb-values.js";

/**
 * Measures what contract inference needs: per column the non-null count, exact distinct count and
 * range (one scan), then the distinct values of the text and boolean columns with few of them (a
 * second, cheap query limited to those columns).
 */
export async function columnStats(source: DataSource): Promise<Result<DatasetStats, Problem[]>> {
  try {
    const first = await statsRow(source);
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
      distinct: toCount(first[`d${i}`]),
      min: toJsonValue(first[`lo${i}`]),
      max: toJsonValue(first[`hi${i}`]),
    }));
    const values = await categoryValues(source, columns);
    return ok({
      source: source.path,
      rows,
      duplicateRows: toCount(first.__duplicates),
      columns: columns.map((c, i) => {
        const seen = values.get(i);
        return seen ? { ...c, values: seen } : c;
      }),
    });
  } catch (error) {
    return err([readErrorProblem(source.path, source.format, error)]);
  }
}

/** Columns whose min/max are meaningful for a contract; lists, structs and blobs are left out. */
function hasRange(duckdbType: string): boolean {
  const family = typeFamily(duckdbType);
  return family !== "other" && family !== "boolean";
}

async function statsRow(source: DataSource): Promise<Record<string, unknown>> {
  const cols = source.columns.map((c) => quoteIdentifier(c.name));
  const parts = [
    "count(*) AS __rows",
    `count(*) - count(DISTINCT ${cols.length === 1 ? `struct_pack(${cols[0]})` : `row(${cols.join(", ")})`}) AS __duplicates`,
  ];
  source.columns.forEach((column, i) => {
    const col = cols[i];
    parts.push(`count(${col}) AS n${i}`, `count(DISTINCT ${col}) AS d${i}`);
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

async function categoryValues(source: DataSource, columns: readonly ColumnStats[]): Promise<Map<number, JsonValue[]>> {
  const wanted = columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => {
      const family = typeFamily(c.duckdbType);
      return (family === "string" || family === "boolean") && c.distinct > 0 && c.distinct <= MAX_CATEGORY_VALUES;
    });
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
