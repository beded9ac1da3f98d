import { markdownTable } from "markdown-table";

/**
 * The fields of validation.json (schema "mlci/validation@1", see schemas/validation.schema.json) that
 * the summary reads. Declared structurally here so the report depends on the file format, not on the
 * code that writes it.
 */
export interface ValidationCheckView {
  readonly column: string | null;
  readonly check: string;
  readonly name?: string;
  readonly severity: "error" | "warn";
  readonly passed: boolean;
  readonly observed?: unknown;
  readonly expected?: unknown;
  readonly failing_rows: number;
  readonly message?: string;
}

export interface ValidationView {
  readonly passed: boolean;
  readonly data?: { readonly path?: string; readonly rows?: number; readonly columns?: number };
  readonly contract?: string;
  readonly summary?: { readonly checks?: number; readonly failed_errors?: number; readonly failed_warnings?: number };
  readonly checks: readonly ValidationCheckView[];
}

/** How many failed checks the table lists before it says "and N more" (a job summary must stay short). */
export const SUMMARY_MAX_FAILED_ROWS = 50;

/** A markdown cell: one line, pipes escaped, long values cut so the table stays readable. */
function cell(value: unknown, maxLength = 60): string {
  if (value === undefined) return "";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const oneLine = text.replace(/\s+/g, " ").replace(/\|/g, "\\|");
  return oneLine.length > maxLength ? `${oneLine.slice(0, maxLength - 1)}…` : oneLine;
}

function countFailed(checks: readonly ValidationCheckView[], severity: "error" | "warn"): number {
  return checks.filter((check) => !check.passed && check.severity === severity).length;
}

/** The one-line verdict that opens the summary. */
export function validationVerdict(validation: ValidationView): string {
  const errors = validation.summary?.failed_errors ?? countFailed(validation.checks, "error");
  const warnings = validation.summary?.failed_warnings ?? countFailed(validation.checks, "warn");
  const total = validation.summary?.checks ?? validation.checks.length;
  const icon = validation.passed ? (warnings > 0 ? "⚠️" : "✅") : "❌";
  const word = validation.passed ? "passed" : "failed";
  return `${icon} Data validation ${word}: ${total} checks, ${errors} failed errors, ${warnings} failed warnings`;
}

/**
 * Markdown for the job summary: the verdict, what was validated, and a table of the failed checks
 * (errors first). Passing checks are counted, not listed: a reviewer needs what broke.
 */
export function renderValidationSummary(validation: ValidationView): string {
  const lines = [`### ${validationVerdict(validation)}`, ""];
  const data = validation.data;
  if (data?.path !== undefined) {
    const shape = data.rows !== undefined ? ` (${data.rows} rows, ${data.columns ?? "?"} columns)` : "";
    lines.push(
      `Data \`${data.path}\`${shape}${validation.contract ? `, contract \`${validation.contract}\`` : ""}.`,
      "",
    );
  }
  const failed = validation.checks
    .filter((check) => !check.passed)
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  if (failed.length === 0) {
    lines.push("Every check passed.");
    return `${lines.join("\n")}\n`;
  }
  const shown = failed.slice(0, SUMMARY_MAX_FAILED_ROWS);
  lines.push(
    markdownTable([
      ["Column", "Check", "Severity", "Observed", "Expected", "Failing rows"],
      ...shown.map((check) => [
        cell(check.column ?? "(dataset)"),
        cell(check.name ?? check.check),
        check.severity,
        cell(check.observed),
        cell(check.expected),
        String(check.failing_rows),
      ]),
    ]),
  );
  if (failed.length > shown.length) lines.push("", `…and ${failed.length - shown.length} more failed checks.`);
  return `${lines.join("\n")}\n`;
}
