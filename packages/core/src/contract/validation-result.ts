/**
 * validation.json (schema "mlci/validation@1"), written by `mlci validate --out` and read by reports.
 * This zod schema is the one description of the file: the types below are inferred from it and
 * schemas/validation.schema.json is generated from it (`npm run schemas`).
 */
import * as z from "zod/mini";
import "../zod-messages.js";
import type { Immutable } from "../results/immutable.js";
import { CHECK_KINDS } from "./check-plan.js";
import { SEVERITIES } from "./contract-schema.js";

import { MAX_EXAMPLES, VALIDATION_SCHEMA_ID } from "./validation-format.js";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const count = z.int().check(z.nonnegative());

const exampleRow = z.strictObject({
  /** 1-based position of the row in the data (header excluded). */
  row: z.int().check(z.gte(1), z.describe("1-based data row (the CSV header is not a row).")),
  value: z
    .json()
    .check(z.describe("The offending value; for row-level custom checks and duplicate rows, the whole row.")),
});

/** A custom check always carries its name. */
const checkResult = z
  .strictObject({
    column: z.nullable(z.string()).check(z.describe("The column checked; null for dataset-level and custom checks.")),
    check: z.enum(CHECK_KINDS),
    name: z.optional(z.string()).check(z.describe("Name of a custom check.")),
    severity: z.enum(SEVERITIES),
    passed: z.boolean(),
    observed: z
      .json()
      .check(
        z.describe(
          "What the data showed: the smallest value for min, the storage type for type, the missing share for max_missing, the newest time for freshness, the failing-row count for most others.",
        ),
      ),
    expected: z.json().check(z.describe("What the contract asked for.")),
    failing_rows: count.check(z.describe("Rows that break the check (0 for checks about the whole dataset).")),
    examples: z
      .array(exampleRow)
      .check(z.maxLength(MAX_EXAMPLES), z.describe("The first failing rows of a failed check, in data order.")),
    message: z.string(),
  })
  .check(
    z.refine((check) => check.check !== "custom" || check.name !== undefined, {
      message: "a custom check needs its name",
      path: ["name"],
    }),
    // The same rule for JSON Schema readers (meta is copied into the generated schema).
    z.meta({
      if: { properties: { check: { const: "custom" } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords, not a thenable
      then: { properties: { name: { type: "string" } }, required: ["name"] },
    }),
  );

export const validationFileSchema = z
  .strictObject({
    schema: z.literal(VALIDATION_SCHEMA_ID),
    passed: z.boolean().check(z.describe("False when any error-level check failed; warnings never fail.")),
    data: z.strictObject({
      path: z.string().check(z.describe("The file, glob or URL validated.")),
      rows: count,
      columns: count.check(z.describe("Number of columns in the data.")),
    }),
    contract: z.string().check(z.describe("Path of the contract (schema.yml).")),
    checked_at: z.iso.datetime({ offset: true }).check(z.describe("The time freshness was judged against.")),
    summary: z.strictObject({ checks: count, failed_errors: count, failed_warnings: count }),
    duration_ms: count,
    checks: z.array(checkResult),
  })
  .check(
    z.meta({
      title: "mlci validation result (validation.json)",
      description: "Written by `mlci validate --out`: the outcome of checking one dataset against its data contract.",
    }),
  );

export type ValidationResult = Immutable<z.infer<typeof validationFileSchema>>;
export type CheckResult = ValidationResult["checks"][number];
export type ExampleRow = CheckResult["examples"][number];
