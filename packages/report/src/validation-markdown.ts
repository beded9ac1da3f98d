import type { CheckResult, ValidationResult } from "@mlci/core/contract/validation-result.js";
import { markdownTable } from "markdown-table";

/** Longest cell text before it is cut: a table a reviewer can scan in a PR comment. */
const MAX_CELL_CHARS = 80;

/**
 * validation.json as GitHub-flavoured markdown: a verdict line, the failed checks with their example
 * rows in a table, and the passing checks folded away. Used for `--format markdown`, job summaries and
 * the PR comment.
 */
export function renderValidationMarkdown(result: ValidationResult): string {
  const failed = result.checks.filter((c) => !c.passed);
  const passed = result.checks.filter((c) => c.passed);
  const lines = [
    `### Data validation: ${result.passed ? "✅ passed" : "❌ failed"}`,
    "",
    `${code(result.data.path)} (${result.data.rows} rows, ${result.data.columns} columns) against ${code(result.contract)}: ${summaryText(result)}.`,
    "",
  ];
  if (failed.length > 0) {
    lines.push(
      markdownTable([
        ["", "Column", "Check", "Failing rows", "Observed", "Expected", "Message", "Examples (row: value)"],
        ...failed.map((c) => [
          c.severity === "error" ? "❌" : "⚠️",
          cell(c.column ?? "(dataset)"),
          cell(checkLabel(c)),
          String(c.failing_rows),
          cell(show(c.observed)),
          cell(show(c.expected)),
          cell(c.message),
          cell(c.examples.map((e) => `${e.row}: ${show(e.value)}`).join("; ")),
        ]),
      ]),
      "",
    );
  }
  if (passed.length > 0) {
    lines.push(
      `<details><summary>${passed.length} passing check${passed.length === 1 ? "" : "s"}</summary>`,
      "",
      markdownTable([
        ["Column", "Check", "Observed", "Message"],
        ...passed.map((c) => [
          cell(c.column ?? "(dataset)"),
          cell(checkLabel(c)),
          cell(show(c.observed)),
          cell(c.message),
        ]),
      ]),
      "",
      "</details>",
      "",
    );
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** "8 errors, 2 warnings in 22 checks" / "all 22 checks passed". */
export function summaryText(result: ValidationResult): string {
  const { checks, failed_errors: errors, failed_warnings: warnings } = result.summary;
  if (errors === 0 && warnings === 0) return `all ${checks} check${checks === 1 ? "" : "s"} passed`;
  const parts = [];
  if (errors > 0) parts.push(`${errors} failed error${errors === 1 ? "" : "s"}`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  return `${parts.join(", ")} in ${checks} checks`;
}

export function checkLabel(check: CheckResult): string {
  return check.name ? `${check.check}: ${check.name}` : check.check;
}

export function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function code(text: string): string {
  return `\`${text.replaceAll("`", "'")}\``;
}

/** Table cells are one line, without pipes that would split them, and short. */
function cell(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, " ");
  const cut = flat.length > MAX_CELL_CHARS ? `${flat.slice(0, MAX_CELL_CHARS - 1)}…` : flat;
  return cut.replaceAll("|", "\\|");
}
