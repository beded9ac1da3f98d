import * as z from "zod/mini";
import "../zod-messages.js";
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

export const SEVERITIES = ["error", "warn"] as const;
const severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severity>;

/** `value` or `{value, severity}`: one spelling for every check that takes a single value. */
function checkValue<T extends z.ZodMiniType>(value: T, what: string) {
  return z.union([value, z.strictObject({ value, severity: z.optional(severity) })], {
    error: `expected ${what}, or {value: ${what}, severity: error|warn}`,
  });
}

export type CheckValue<T> = T | { value: T; severity?: Severity | undefined };

const bound = z.union([z.number(), z.string().check(z.minLength(1))]);
const allowedValue = z.union([z.string(), z.number(), z.boolean()]);
const count = () => z.int().check(z.minimum(0));

export const columnContract = z
  .strictObject({
    /** Free text for readers; not checked. */
    description: z.optional(z.string()),
    type: z.optional(checkValue(columnType, COLUMN_TYPES.join("|"))),
    /** A required column must exist in the data (default true); an optional one is skipped when absent. */
    required: z._default(z.boolean(), true),
    /** `false`: no missing (null) values. */
    nullable: z.optional(checkValue(z.boolean(), "true|false")),
    /** Largest allowed share of missing values, 0..1. */
    max_missing: z.optional(checkValue(z.number().check(z.minimum(0), z.maximum(1)), "a ratio between 0 and 1")),
    min: z.optional(checkValue(bound, "a number (or a date/timestamp string)")),
    max: z.optional(checkValue(bound, "a number (or a date/timestamp string)")),
    allowed: z.optional(checkValue(z.array(allowedValue).check(z.minLength(1)), "a list of values")),
    /** The whole value must match (RE2 syntax, as DuckDB's regexp_full_match). */
    regex: z.optional(checkValue(z.string().check(z.minLength(1)), "a regular expression")),
    unique: z.optional(checkValue(z.boolean(), "true|false")),
    /** Default severity of this column's checks. */
    severity: z.optional(severity),
  })
  .check(
    z.superRefine((column, ctx) => {
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
    }),
  );
export type ColumnContract = z.infer<typeof columnContract>;

const rowCount = z
  .strictObject({
    min: z.optional(count()),
    max: z.optional(count()),
    severity: z.optional(severity),
  })
  .check(z.refine((r) => r.min !== undefined || r.max !== undefined, { message: "give min, max or both" }));

const duplicateRows = z.union(
  [
    count(),
    z.strictObject({
      max: z._default(count(), 0),
      severity: z.optional(severity),
      /** Count by a hash of each row in the shared scan: no copy of the rows, no example rows. */
      estimate: z.optional(z.boolean()),
    }),
  ],
  { error: "expected the largest allowed number of duplicate rows, or {max: N, severity: error|warn, estimate: true}" },
);

const freshness = z.strictObject({
  /** A date or timestamp column whose newest value must be recent. */
  column: z.string().check(z.minLength(1)),
  /** How old the newest value may be, e.g. `36h`, `2d`, `1d12h` (units s, m, h, d, w). */
  max_age: z.string().check(
    z.refine((text) => parseDuration(text) !== undefined, {
      message: 'expected a duration like "36h", "2d" or "1d12h"',
    }),
  ),
  severity: z.optional(severity),
});

const customCheck = z
  .strictObject({
    name: z
      .string()
      .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "check names use letters, digits, '.', '_' and '-'")),
    description: z.optional(z.string()),
    /** A boolean SQL expression every row must satisfy (rows where it is false fail; NULL passes). */
    expression: z.optional(z.string().check(z.minLength(1))),
    /** A boolean SQL condition over aggregates of the whole dataset, e.g. `avg(delay) < 30`. */
    aggregate: z.optional(z.string().check(z.minLength(1))),
    severity: z.optional(severity),
  })
  .check(
    z.refine((c) => (c.expression === undefined) !== (c.aggregate === undefined), {
      message: "give exactly one of expression (row-level) or aggregate (dataset-level)",
    }),
  );

export const contractSchema = z
  .strictObject({
    version: z._default(z.literal(CONTRACT_VERSION), CONTRACT_VERSION),
    description: z.optional(z.string()),
    columns: z._default(z.record(z.string().check(z.minLength(1)), columnContract), {}),
    dataset: z._default(
      z.strictObject({
        row_count: z.optional(rowCount),
        duplicate_rows: z.optional(duplicateRows),
        freshness: z.optional(freshness),
      }),
      {},
    ),
    checks: z._default(z.array(customCheck), []),
  })
  .check(
    z.superRefine((contract, ctx) => {
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
    }),
  );
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
