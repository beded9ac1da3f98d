import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ValidationResult } from "@mlci/core/contract/validation-result.js";
import { renderValidationMarkdown } from "./validation-markdown.js";
import { renderValidationText } from "./validation-text.js";

const result: ValidationResult = {
  schema: "mlci/validation@1",
  passed: false,
  data: { path: "data/batch.csv", rows: 10, columns: 3 },
  contract: "schema.yml",
  checked_at: "2024-03-06T12:00:00.000Z",
  summary: { checks: 3, failed_errors: 1, failed_warnings: 1 },
  duration_ms: 12,
  checks: [
    {
      column: "origin",
      check: "regex",
      severity: "error",
      passed: false,
      observed: 2,
      expected: "[A-Z]{3}|N/A",
      failing_rows: 2,
      examples: [
        { row: 5, value: "ord" },
        { row: 7, value: "a|b" },
      ],
      message: "2 rows not matching [A-Z]{3}|N/A",
    },
    {
      column: null,
      check: "custom",
      name: "mean_delay",
      severity: "warn",
      passed: false,
      observed: false,
      expected: "avg(delay) < 30",
      failing_rows: 0,
      examples: [],
      message: "avg(delay) < 30 is false",
    },
    {
      column: null,
      check: "row_count",
      severity: "error",
      passed: true,
      observed: 10,
      expected: { min: 5 },
      failing_rows: 0,
      examples: [],
      message: "10 rows, within the minimum 5",
    },
  ],
};

describe("validation renderers", () => {
  it("renders markdown: verdict, failed checks with escaped pipes, passing checks folded", () => {
    assert.equal(
      renderValidationMarkdown(result),
      `### Data validation: ❌ failed

\`data/batch.csv\` (10 rows, 3 columns) against \`schema.yml\`: 1 failed error, 1 warning in 3 checks.

|    | Column    | Check              | Failing rows | Observed | Expected        | Message                           | Examples (row: value) |
| -- | --------- | ------------------ | ------------ | -------- | --------------- | --------------------------------- | --------------------- |
| ❌  | origin    | regex              | 2            | 2        | [A-Z]{3}\\|N/A   | 2 rows not matching [A-Z]{3}\\|N/A | 5: ord; 7: a\\|b       |
| ⚠️ | (dataset) | custom: mean_delay | 0            | false    | avg(delay) < 30 | avg(delay) < 30 is false          |                       |

<details><summary>1 passing check</summary>

| Column    | Check     | Observed | Message                       |
| --------- | --------- | -------- | ----------------------------- |
| (dataset) | row_count | 10       | 10 rows, within the minimum 5 |

</details>
`,
    );
  });

  it("renders text with the example rows under each failed check", () => {
    assert.equal(
      renderValidationText(result),
      `FAILED: data/batch.csv (10 rows) against schema.yml: 1 failed error, 1 warning in 3 checks
  error origin regex: 2 rows not matching [A-Z]{3}|N/A
          row 5: ord
          row 7: a|b
  warn  (dataset) custom: mean_delay: avg(delay) < 30 is false
  1 other checks passed
`,
    );
  });
});
