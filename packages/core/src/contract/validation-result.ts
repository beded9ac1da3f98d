import type { CheckKind } from "./check-plan.js";
import type { Severity } from "./contract-schema.js";

/** Version tag of validation.json; bump when a field changes meaning. */
export const VALIDATION_SCHEMA_ID = "mlci/validation@1";

/** Most example rows kept per failed check: enough to see the pattern, few enough to read. */
export const MAX_EXAMPLES = 5;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface ExampleRow {
  /** 1-based position of the row in the data (header excluded). */
  readonly row: number;
  readonly value: JsonValue;
}

export interface CheckResult {
  readonly column: string | null;
  readonly check: CheckKind;
  /** The name of a custom check. */
  readonly name?: string;
  readonly severity: Severity;
  readonly passed: boolean;
  readonly observed: JsonValue;
  readonly expected: JsonValue;
  readonly failing_rows: number;
  readonly examples: readonly ExampleRow[];
  readonly message: string;
}

export interface ValidationResult {
  readonly schema: typeof VALIDATION_SCHEMA_ID;
  /** False when any error-level check failed; warnings never fail a run. */
  readonly passed: boolean;
  readonly data: { readonly path: string; readonly rows: number; readonly columns: number };
  readonly contract: string;
  /** The instant freshness was judged against (ISO 8601). */
  readonly checked_at: string;
  readonly summary: { readonly checks: number; readonly failed_errors: number; readonly failed_warnings: number };
  readonly duration_ms: number;
  readonly checks: readonly CheckResult[];
}
