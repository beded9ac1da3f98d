import { formatLimit, formatLimitPercent } from "../format/numbers.js";
import type { PlannedCheck } from "./check-plan.js";
import { formatDuration } from "./duration.js";
import { MAX_EXAMPLES, VALIDATION_SCHEMA_ID } from "./validation-format.js";
import type { CheckResult, ExampleRow, JsonValue, ValidationResult } from "./validation-result.js";

/**
 * What the engine measured for one planned check. The engine only counts and collects; whether that
 * passes is decided here, so the rules are tested without a database.
 */
export interface Measurement {
  /** Rows that break the check (for dataset-level checks without rows, 0). */
  readonly failingRows: number;
  /** Check-specific: the smallest value for `min`, the column type for `type`, the newest time for freshness... */
  readonly observed: JsonValue;
  readonly examples: readonly ExampleRow[];
  /** freshness: the newest value as epoch milliseconds (null when the column has no values). */
  readonly newestMs?: number | null;
  /** type: the DuckDB type of the column. */
  readonly dataType?: string;
}

export interface ValidationInput {
  readonly checks: readonly PlannedCheck[];
  /** By check id. A check without a measurement is a bug in the engine, reported as such. */
  readonly measurements: ReadonlyMap<string, Measurement>;
  readonly data: { readonly path: string; readonly rows: number; readonly columns: number };
  readonly contract: string;
  readonly now: Date;
  readonly durationMs: number;
}

export function assembleValidation(input: ValidationInput): ValidationResult {
  const checks = input.checks.map((check) => {
    const measurement = input.measurements.get(check.id);
    if (!measurement) throw new Error(`no measurement for check ${check.id} (${check.check})`);
    return judge(check, measurement, input.data.rows, input.now);
  });
  const failedErrors = checks.filter((c) => !c.passed && c.severity === "error").length;
  const failedWarnings = checks.filter((c) => !c.passed && c.severity === "warn").length;
  return {
    schema: VALIDATION_SCHEMA_ID,
    passed: failedErrors === 0,
    data: input.data,
    contract: input.contract,
    checked_at: input.now.toISOString(),
    summary: { checks: checks.length, failed_errors: failedErrors, failed_warnings: failedWarnings },
    duration_ms: Math.round(input.durationMs),
    checks,
  };
}

/**
 * Whether `failingRows` breaks a row-level check, so the engine knows when example rows are worth a
 * query: some checks tolerate failing rows (max_missing, duplicate_rows with a max).
 */
export function failsOnRows(check: PlannedCheck, failingRows: number, rows: number): boolean {
  if (check.check === "max_missing") return rows > 0 && failingRows / rows > check.ratio;
  if (check.check === "duplicate_rows") return failingRows > check.max;
  return failingRows > 0;
}

/** Decides one check and words its outcome for a person. */
export function judge(check: PlannedCheck, m: Measurement, rows: number, now: Date): CheckResult {
  const column = "column" in check && check.check !== "freshness" ? check.column : null;
  const examples = m.examples.slice(0, MAX_EXAMPLES);
  const result = (passed: boolean, observed: JsonValue, expected: JsonValue, message: string): CheckResult => ({
    column: check.check === "freshness" ? check.column : column,
    check: check.check,
    ...(check.check === "custom" ? { name: check.name } : {}),
    severity: check.severity,
    passed,
    observed,
    expected,
    failing_rows: m.failingRows,
    examples: passed ? [] : examples,
    message,
  });
  const n = m.failingRows;
  const rowsText = (count: number) => `${count} row${count === 1 ? "" : "s"}`;
  /** "1 row repeats", "2 rows repeat". */
  const rowsDo = (count: number, verb: string) => `${rowsText(count)} ${count === 1 ? `${verb}s` : verb}`;
  switch (check.check) {
    case "type": {
      const dataType = m.dataType ?? String(m.observed);
      return result(
        n === 0,
        m.observed,
        check.expected,
        n === 0
          ? `values are of type ${check.expected} (stored as ${dataType})`
          : `${rowsText(n)} with a value that is not ${article(check.expected)} ${check.expected} (stored as ${dataType})`,
      );
    }
    case "required":
      return result(true, "absent", "optional", "optional column is absent; its checks were skipped");
    case "not_null":
      return result(n === 0, n, 0, n === 0 ? "no missing values" : `${rowsText(n)} with a missing value`);
    case "max_missing": {
      const ratio = rows === 0 ? 0 : n / rows;
      const passed = ratio <= check.ratio;
      return result(
        passed,
        ratio,
        check.ratio,
        `${percent(ratio)} missing (${rowsText(n)})${passed ? ", within" : ", more than"} the allowed ${percent(check.ratio)}`,
      );
    }
    case "min":
    case "max": {
      const side = check.check === "min" ? "below the minimum" : "above the maximum";
      const extreme = check.check === "min" ? "smallest" : "largest";
      return result(
        n === 0,
        m.observed,
        check.bound,
        n === 0
          ? `${extreme} value ${show(m.observed)} is within ${show(check.bound)}`
          : `${rowsText(n)} ${side} ${show(check.bound)} (${extreme} ${show(m.observed)})`,
      );
    }
    case "allowed":
      return result(
        n === 0,
        n,
        [...check.values],
        n === 0 ? "every value is in the allowed set" : `${rowsText(n)} with a value outside the allowed set`,
      );
    case "regex":
      return result(
        n === 0,
        n,
        check.pattern,
        n === 0 ? `every value matches ${check.pattern}` : `${rowsText(n)} not matching ${check.pattern}`,
      );
    case "unique":
      return result(n === 0, n, 0, n === 0 ? "values are unique" : `${rowsDo(n, "repeat")} a value of an earlier row`);
    case "row_count": {
      const low = check.min !== undefined && rows < check.min;
      const high = check.max !== undefined && rows > check.max;
      const expected = {
        ...(check.min !== undefined ? { min: check.min } : {}),
        ...(check.max !== undefined ? { max: check.max } : {}),
      };
      const message = low
        ? `${rowsText(rows)}, fewer than the minimum ${check.min}`
        : high
          ? `${rowsText(rows)}, more than the maximum ${check.max}`
          : `${rowsText(rows)}, within ${describeRange(check.min, check.max)}`;
      return result(!low && !high, rows, expected, message);
    }
    case "duplicate_rows":
      return result(
        n <= check.max,
        n,
        check.max,
        n === 0
          ? "no duplicate rows"
          : `${rowsDo(n, "repeat")} an earlier row${n <= check.max ? `, within the allowed ${check.max}` : ` (allowed ${check.max})`}`,
      );
    case "freshness": {
      const newest = m.newestMs;
      if (newest === null || newest === undefined) {
        return result(false, null, check.maxAge, `no ${check.column} values, so no evidence the data is fresh`);
      }
      const age = now.getTime() - newest;
      const passed = age <= check.maxAgeMs;
      return result(
        passed,
        m.observed,
        check.maxAge,
        `newest ${check.column} ${show(m.observed)} is ${age < 0 ? `${formatDuration(-age)} in the future` : `${formatDuration(age)} old`}${passed ? ", within" : ", older than"} ${check.maxAge}`,
      );
    }
    case "custom":
      if ("expression" in check) {
        return result(
          n === 0,
          n,
          check.expression,
          n === 0 ? `every row satisfies ${check.expression}` : `${rowsDo(n, "violate")} ${check.expression}`,
        );
      }
      return result(
        m.observed === true,
        m.observed,
        check.aggregate,
        m.observed === true
          ? `${check.aggregate} holds`
          : `${check.aggregate} is ${m.observed === null ? "NULL" : "false"}`,
      );
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}

function percent(ratio: number): string {
  return formatLimitPercent(Number(ratio.toPrecision(3)));
}

function show(value: JsonValue | number | string): string {
  if (typeof value === "number") return formatLimit(value);
  return typeof value === "string" ? value : JSON.stringify(value);
}

function describeRange(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${min}..${max}`;
  return min !== undefined ? `the minimum ${min}` : `the maximum ${max}`;
}
