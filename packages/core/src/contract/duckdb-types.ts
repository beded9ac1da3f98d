/**
 * How DuckDB type names (as `DESCRIBE` prints them) map to the families a contract reasons about.
 * Plain string matching keeps the core free of the database driver.
 */
export type TypeFamily = "integer" | "float" | "decimal" | "string" | "boolean" | "date" | "timestamp" | "other";

const INTEGER_TYPES = new Set([
  "TINYINT",
  "SMALLINT",
  "INTEGER",
  "BIGINT",
  "HUGEINT",
  "UTINYINT",
  "USMALLINT",
  "UINTEGER",
  "UBIGINT",
  "UHUGEINT",
]);

export function typeFamily(duckdbType: string): TypeFamily {
  const type = duckdbType.trim().toUpperCase();
  if (INTEGER_TYPES.has(type)) return "integer";
  if (type === "FLOAT" || type === "DOUBLE" || type === "REAL") return "float";
  if (type.startsWith("DECIMAL")) return "decimal";
  if (type === "VARCHAR" || type.startsWith("ENUM")) return "string";
  if (type === "BOOLEAN") return "boolean";
  if (type === "DATE") return "date";
  if (type.startsWith("TIMESTAMP")) return "timestamp";
  return "other";
}

export function isNumericFamily(family: TypeFamily): boolean {
  return family === "integer" || family === "float" || family === "decimal";
}
