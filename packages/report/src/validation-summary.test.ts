import assert from "node:assert/strict";
import { test } from "node:test";
import { renderValidationSummary, SUMMARY_MAX_FAILED_ROWS, type ValidationView } from "./validation-summary.js";

const failing: ValidationView = {
  passed: false,
  data: { path: "batch.csv", rows: 10, columns: 3 },
  contract: "schema.yml",
  summary: { checks: 4, failed_errors: 1, failed_warnings: 1 },
  checks: [
    { column: "a", check: "not_null", severity: "error", passed: true, observed: 0, failing_rows: 0 },
    { column: "b", check: "max", severity: "warn", passed: false, observed: 12, expected: 10, failing_rows: 2 },
    { column: "c", check: "allowed", severity: "error", passed: false, observed: ["X|Y"], failing_rows: 3 },
    { column: null, check: "row_count", severity: "error", passed: true, observed: 10, failing_rows: 0 },
  ],
};

test("lists failed checks only, errors before warnings, pipes escaped", () => {
  const text = renderValidationSummary(failing);
  assert.match(text, /^### ❌ Data validation failed: 4 checks, 1 failed errors, 1 failed warnings/);
  assert.match(text, /Data `batch.csv` \(10 rows, 3 columns\), contract `schema.yml`\./);
  const rows = text.split("\n").filter((line) => line.startsWith("| "));
  assert.equal(rows.length, 4); // header, separator, two failed checks
  assert.match(rows[2] ?? "", /^\| c +\| allowed +\| error +\| \["X\\\|Y"\]/);
  assert.match(rows[3] ?? "", /^\| b +\| max +\| warn +\| 12 +\| 10 +\| 2 +\|$/);
  assert.doesNotMatch(text, /not_null/);
});

test("a clean run says so without a table", () => {
  const text = renderValidationSummary({ ...failing, passed: true, summary: undefined, checks: [] });
  assert.match(text, /✅ Data validation passed: 0 checks/);
  assert.match(text, /Every check passed\./);
  assert.doesNotMatch(text, /\|/);
});

test("cuts long tables with a count of what was left out", () => {
  const checks = Array.from({ length: SUMMARY_MAX_FAILED_ROWS + 7 }, (_, i) => ({
    column: `c${i}`,
    check: "min",
    severity: "error" as const,
    passed: false,
    failing_rows: 1,
  }));
  const text = renderValidationSummary({ passed: false, checks });
  assert.match(text, /…and 7 more failed checks\./);
});
