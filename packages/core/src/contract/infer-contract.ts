import { stringify } from "yaml";
import type { ColumnType } from "./contract-schema.js";
import { type TypeFamily, typeFamily } from "./duckdb-types.js";
import type { JsonValue } from "./validation-result.js";

/** What the engine measures about one column of the reference data. */
export interface ColumnStats {
  readonly name: string;
  readonly duckdbType: string;
  readonly nonNull: number;
  readonly distinct: number;
  readonly min: JsonValue;
  readonly max: JsonValue;
  /** Every distinct non-null value, sorted, when there are at most MAX_CATEGORY_VALUES of them. */
  readonly values?: readonly JsonValue[];
}

export interface DatasetStats {
  readonly source: string;
  readonly rows: number;
  readonly duplicateRows: number;
  readonly columns: readonly ColumnStats[];
}

/** A text column with at most this many distinct values is a category with an allowed set. */
export const MAX_CATEGORY_VALUES = 20;
/**
 * ...and only if values repeat: at most this share of the non-null values are distinct. Without it,
 * a 10-row sample of names would become a "category" of 10 values.
 */
export const MAX_CATEGORY_DISTINCT_SHARE = 0.5;
/** Headroom over the observed missing share when suggesting max_missing (1.5x the reference). */
export const MISSING_HEADROOM = 1.5;

interface Entry {
  readonly key: string;
  readonly value: JsonValue;
  readonly comment?: string;
}

/** The contract type a column of the reference data suggests, or undefined if no contract type fits. */
export function inferColumnType(stats: ColumnStats): ColumnType | undefined {
  const family: TypeFamily = typeFamily(stats.duckdbType);
  switch (family) {
    case "integer":
      return "integer";
    case "float":
    case "decimal":
      return "number";
    case "boolean":
      return "boolean";
    case "date":
      return "date";
    case "timestamp":
      return "timestamp";
    case "string":
      return isCategory(stats) ? "category" : "string";
    default:
      return undefined;
  }
}

function isCategory(stats: ColumnStats): boolean {
  return (
    stats.values !== undefined &&
    stats.distinct <= MAX_CATEGORY_VALUES &&
    stats.distinct <= stats.nonNull * MAX_CATEGORY_DISTINCT_SHARE
  );
}

/**
 * Renders a contract inferred from reference data as YAML a person will edit: every suggested check
 * carries a comment with the evidence behind it, so the reader knows what to loosen.
 */
export function renderInferredContract(stats: DatasetStats): string {
  const lines = [
    `# Data contract inferred by \`mlci schema infer\` from ${stats.source} (${stats.rows} rows, ${stats.columns.length} columns).`,
    "# Review it before use: the bounds and allowed sets are what the reference data showed, not what",
    "# future data may hold. Every key is described in docs/validate.md.",
    "version: 1",
    "columns:",
  ];
  for (const column of stats.columns) {
    const type = inferColumnType(column);
    if (type === undefined) {
      lines.push(
        `  ${scalar(column.name)}: {} # ${column.duckdbType} has no contract type; only its presence is checked`,
      );
      continue;
    }
    lines.push(`  ${scalar(column.name)}:`);
    for (const entry of columnEntries(column, type, stats.rows)) lines.push(...renderEntry(entry, "    "));
  }
  lines.push("dataset:");
  lines.push("  row_count:");
  lines.push(`    min: 1 # the reference data had ${stats.rows} rows; raise this to catch truncated batches`);
  lines.push(
    `  duplicate_rows: ${stats.duplicateRows} # duplicate rows in the reference data; severity warn unless set`,
  );
  const temporal = stats.columns.find((c) => {
    const family = typeFamily(c.duckdbType);
    return family === "date" || family === "timestamp";
  });
  if (temporal) {
    lines.push("  # freshness: # uncomment to require recent data");
    lines.push(`  #   column: ${scalar(temporal.name)}`);
    lines.push("  #   max_age: 2d");
  }
  lines.push("# checks: # custom SQL checks, e.g.");
  lines.push("#   - name: example_rule");
  lines.push("#     expression: a_column >= 0 # every row; or  aggregate: avg(a_column) < 10");
  return `${lines.join("\n")}\n`;
}

function columnEntries(column: ColumnStats, type: ColumnType, rows: number): Entry[] {
  const entries: Entry[] = [{ key: "type", value: type, comment: `stored as ${column.duckdbType}` }];
  const missing = rows - column.nonNull;
  if (missing === 0) {
    entries.push({ key: "nullable", value: false, comment: "no missing values in the reference data" });
  } else {
    const observed = missing / rows;
    const suggested = Math.min(1, Math.ceil(Number((observed * MISSING_HEADROOM * 1000).toFixed(6))) / 1000);
    entries.push({
      key: "max_missing",
      value: suggested,
      comment: `${missing} of ${rows} missing (${Number((observed * 100).toPrecision(3))}%) in the reference data`,
    });
  }
  if (column.nonNull === 0) return entries;
  if (type === "integer" || type === "number") {
    entries.push({ key: "min", value: column.min, comment: "observed minimum" });
    entries.push({ key: "max", value: column.max, comment: "observed maximum" });
  } else if (type === "date" || type === "timestamp") {
    entries.push({ key: "min", value: column.min, comment: "observed earliest; no max: new data is newer" });
  } else if (type === "category" && column.values) {
    entries.push({ key: "allowed", value: [...column.values], comment: `the ${column.distinct} values seen` });
  }
  const keyLike = type === "integer" || type === "string";
  if (keyLike && column.distinct === rows && rows >= 2) {
    entries.push({ key: "unique", value: true, comment: "every value distinct in the reference data" });
  }
  return entries;
}

function renderEntry(entry: Entry, indent: string): string[] {
  const comment = entry.comment ? ` # ${entry.comment}` : "";
  if (Array.isArray(entry.value)) {
    const flow = `[${entry.value.map(scalar).join(", ")}]`;
    if (flow.length <= 80) return [`${indent}${entry.key}: ${flow}${comment}`];
    return [`${indent}${entry.key}:${comment}`, ...entry.value.map((v) => `${indent}  - ${scalar(v)}`)];
  }
  return [`${indent}${entry.key}: ${scalar(entry.value)}${comment}`];
}

/** One YAML scalar, quoted only where YAML needs it (so `"123"` stays a string and `007` too). */
function scalar(value: JsonValue): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}
