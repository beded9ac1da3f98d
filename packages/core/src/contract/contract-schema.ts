import { z } from "zod";
import type { Problem } from "../problem.js";
import type { Result } from "../result.js";
import { parseYamlWithSchema } from "../yaml-document.js";
import { parseDuration } from "./duration.js";

/**
 * The data contract (`schema.yml`): what a dataset must look like, column by column and as a whole.
 * Every check can be written as its bare value (`min: 0`) or with its own severity
 * (`min: {value: 0, severity: warn}`); a column's `severity` is the default for its checks.
 */
export const CONTRACT_VERSION = 1;

export const COLUMN_TYPES = ["integer", "number", "string", "boolean", "date", "timestamp", "category"] as const;
export const columnType = z.enum(COLUMN_TYPES);
export type ColumnType = z.infer<typeof columnType>;

export const severity = z.enum(["error", "warn"]);
export type Severity = z.infer<typeof severity>;

/** `value` or `{value, severity}`: one spelling for every check that takes a single value. */
function checkValue<T extends z.ZodType>(value: T, what: string) {
  return z.union([value, z.strictObject({ value, severity: severity.optional() })], {
    error: `expected ${what}, or {value: ${what}, severity: error|warn}`,
  });
}

export type CheckValue<T> = T | { value: T; severity?: Severity | undefined };

const bound = z.union([z.number(), z.string().min(1)]);
const allowedValue = z.union([z.string(), z.number(), z.boolean()]);

export const columnContract = z
  .strictObject({
    /** Free text for readers; not checked. */
    description: z.string().optional(),
    type: checkValue(columnType, COLUMN_TYPES.join("|")).optional(),
    /** A required column must exist in the data (default true); an optional one is skipped when absent. */
    required: z.boolean().default(true),
    /** `false`: no missing (null) values. */
    nullable: checkValue(z.boolean(), "true|false").optional(),
    /** Largest allowed share of missing values, 0..1. */
    max_missing: checkValue(z.number().min(0).max(1), "a ratio between 0 and 1").optional(),
    min: checkValue(bound, "a number (or a date/timestamp string)").optional(),
    max: checkValue(bound, "a number (or a date/timestamp string)").optional(),
    allowed: checkValue(z.array(allowedValue).min(1), "a list of values").optional(),
    /** The whole value must match (RE2 syntax, as DuckDB's regexp_full_match). */
    regex: checkValue(z.string().min(1), "a regular expression").optional(),
    unique: checkValue(z.boolean(), "true|false").optional(),
    /** Default severity of this column's checks. */
    severity: severity.optional(),
  })
  .superRefine((column, ctx) => {
    const type = unwrap(column.type);
    for (const key of ["min", "max"] as const) {
      const limit = unwrap(column[key]);
      if (limit === undefined) continue;
      const temporal = type === "date" || type === "timestamp";
      if (temporal && (typeof limit !== "string" || Number.isNaN(Date.parse(limit)))) {
        ctx.addIssue({ code: "custom", path: [key], message: `expected a ${type} like "2024-01-31", got ${limit}` });
      } else if (!temporal && typeof limit !== "number") {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `expected a number; a date bound needs "type: date" or "type: timestamp"`,
        });
      }
    }
  });
export type ColumnContract = z.infer<typeof columnContract>;

const rowCount = z
  .strictObject({
    min: z.number().int().min(0).optional(),
    max: z.number().int().min(0).optional(),
    severity: severity.optional(),
  })
  .refine((r) => r.min !== undefined || r.max !== undefined, { message: "give min, max or both" });

const duplicateRows = z.union(
  [
    z.number().int().min(0),
    z.strictObject({
      max: z.number().int().min(0).default(0),
      severity: severity.optional(),
      /** Count by a hash of each row in the shared scan: no copy of the rows, no example rows. */
      estimate: z.boolean().optional(),
    }),
  ],
  { error: "expected the largest allowed number of duplicate rows, or {max: N, severity: error|warn, estimate: true}" },
);

const freshness = z.strictObject({
  /** A date or timestamp column whose newest value must be recent. */
  column: z.string().min(1),
  /** How old the newest value may be, e.g. `36h`, `2d`, `1d12h` (units s, m, h, d, w). */
  max_age: z.string().refine((text) => parseDuration(text) !== undefined, {
    message: 'expected a duration like "36h", "2d" or "1d12h"',
  }),
  severity: severity.optional(),
});

const customCheck = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "check names use letters, digits, '.', '_' and '-'"),
    description: z.string().optional(),
    /** A boolean SQL expression every row must satisfy (rows where it is false fail; NULL passes). */
    expression: z.string().min(1).optional(),
    /** A boolean SQL condition over aggregates of the whole dataset, e.g. `avg(delay) < 30`. */
    aggregate: z.string().min(1).optional(),
    severity: severity.optional(),
  })
  .refine((c) => (c.expression === undefined) !== (c.aggregate === undefined), {
    message: "give exactly one of expression (row-level) or aggregate (dataset-level)",
  });

export const contractSchema = z
  .strictObject({
    version: z.literal(CONTRACT_VERSION).default(CONTRACT_VERSION),
    description: z.string().optional(),
    columns: z.record(z.string().min(1), columnContract).default({}),
    dataset: z
      .strictObject({
        row_count: rowCount.optional(),
        duplicate_rows: duplicateRows.optional(),
        freshness: freshness.optional(),
      })
      .default({}),
    checks: z.array(customCheck).default([]),
  })
  .superRefine((contract, ctx) => {
    const seen = new Set<string>();
    contract.checks.forEach((check, index) => {
      if (seen.has(check.name)) {
        ctx.addIssue({
          code: "custom",
          path: ["checks", index, "name"],
          message: `duplicate check name "${check.name}"`,
        });
      }
      seen.add(check.name);
    });
    const fresh = contract.dataset.freshness;
    if (fresh) {
      const type = unwrap(contract.columns[fresh.column]?.type);
      if (type !== undefined && type !== "date" && type !== "timestamp") {
        ctx.addIssue({
          code: "custom",
          path: ["dataset", "freshness", "column"],
          message: `freshness needs a date or timestamp column; "${fresh.column}" is declared ${type}`,
        });
      }
    }
  });
export type Contract = z.infer<typeof contractSchema>;

/** The bare value of a check written either as `value` or `{value, severity}`. */
export function unwrap<T>(entry: CheckValue<T> | undefined): T | undefined {
  if (entry === undefined) return undefined;
  if (typeof entry === "object" && entry !== null && !Array.isArray(entry) && "value" in entry) return entry.value;
  return entry as T;
}

/** The severity written on the check itself, if any. */
export function severityOf<T>(entry: CheckValue<T> | undefined): Severity | undefined {
  if (typeof entry === "object" && entry !== null && !Array.isArray(entry) && "value" in entry) return entry.severity;
  return undefined;
}

export function parseContract(text: string, file: string): Result<Contract, Problem[]> {
  return parseYamlWithSchema(text, file, contractSchema);
}
