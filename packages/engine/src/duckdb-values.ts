import type { JsonValue } from "@mlci/core/contract/validation-result.js";

/**
 * Turns a value read with `getRowObjectsJS` into plain JSON: BIGINTs become numbers when they are
 * exact as numbers (strings otherwise), dates become ISO text, non-finite floats become text (JSON has
 * no NaN), and structs and lists are converted member by member.
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "bigint":
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "string":
    case "boolean":
      return value;
    case "object":
      if (value instanceof Date) return value.toISOString();
      if (Array.isArray(value)) return value.map(toJsonValue);
      if (Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
      }
      return String(value);
    default:
      return String(value);
  }
}

/** A count read from DuckDB (BIGINT or HUGEINT) as a number. */
export function toCount(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return Number(value);
}
