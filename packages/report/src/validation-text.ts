import type { ValidationResult } from "@mlci/core/contract/validation-result.js";
import { checkLabel, show, summaryText } from "./validation-markdown.js";

/** validation.json for a terminal: the verdict, then each failed check with its example rows. */
export function renderValidationText(result: ValidationResult): string {
  const lines = [
    `${result.passed ? "PASSED" : "FAILED"}: ${result.data.path} (${result.data.rows} rows) against ${result.contract}: ${summaryText(result)}`,
  ];
  for (const check of result.checks.filter((c) => !c.passed)) {
    const tag = check.severity === "error" ? "error" : "warn ";
    lines.push(`  ${tag} ${check.column ?? "(dataset)"} ${checkLabel(check)}: ${check.message}`);
    for (const example of check.examples) lines.push(`          row ${example.row}: ${show(example.value)}`);
  }
  const passing = result.checks.filter((c) => c.passed).length;
  if (passing > 0 && passing < result.checks.length) lines.push(`  ${passing} other checks passed`);
  return `${lines.join("\n")}\n`;
}
