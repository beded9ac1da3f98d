/**
 * The pull-request report: one comment a reviewer reads top-down. The same markdown goes to the job
 * summary (with a larger limit), so the PR comment may be cut while the summary keeps the details.
 */
import {
  characters,
  type FitResult,
  fitParts,
  GITHUB_BODY_LIMIT,
  type ReportPart,
  STEP_SUMMARY_LIMIT_BYTES,
  utf8Bytes,
} from "./fit.js";
import { cell } from "./format.js";
import type { Evaluation, HistoryPoint, Validation } from "./results.js";
import {
  confusionDetails,
  costSection,
  details,
  footer,
  gatesSection,
  historySection,
  MAX_FAILED_CHECKS_SHOWN,
  metricsSection,
  regressedSlicesSection,
  sliceDetails,
  validationSection,
  verdictLine,
} from "./sections.js";

export interface PrReportInput {
  readonly evaluation: Evaluation;
  readonly validation?: Validation;
  /** Released versions, oldest first, for the chart of the primary metric. */
  readonly history?: readonly HistoryPoint[];
  /** Link to the workflow run (GITHUB_SERVER_URL/REPO/actions/runs/GITHUB_RUN_ID). */
  readonly runUrl?: string;
}

export interface PrReport {
  /** For the PR comment: under GitHub's 65,536-character limit. */
  readonly comment: FitResult;
  /** For GITHUB_STEP_SUMMARY: under 1 MiB. */
  readonly summary: FitResult;
}

export function reportParts(input: PrReportInput): ReportPart[] {
  const { evaluation, validation } = input;
  const essential = (text: string): ReportPart => ({ text, essential: true });
  const optional = (text: string, title: string): ReportPart => ({ text, essential: false, title });
  const failedChecks = validation?.checks.filter((c) => !c.passed) ?? [];
  const parts: ReportPart[] = [
    essential(`${verdictLine(evaluation, validation)}\n`),
    essential(metricsSection(evaluation)),
    essential(gatesSection(evaluation)),
    essential(regressedSlicesSection(evaluation)),
    essential(costSection(evaluation)),
    essential(validationSection(validation)),
    optional(historySection(evaluation, input.history), "the chart over past versions"),
    optional(confusionDetails(evaluation), "the confusion matrices"),
    optional(sliceDetails(evaluation), "the per-slice tables"),
    optional(
      failedChecks.length > MAX_FAILED_CHECKS_SHOWN
        ? details(
            `All failed checks (${failedChecks.length})`,
            failedChecks
              .map(
                (c) => `- ${c.severity} ${cell(c.column ?? "(table)")} ${cell(c.name ?? c.check)}: ${cell(c.message)}`,
              )
              .join("\n"),
          )
        : "",
      "the list of failed checks",
    ),
    essential(footer(evaluation, input.runUrl ? { runUrl: input.runUrl } : {})),
  ];
  return parts.filter((p) => p.text.length > 0);
}

export function renderPrReport(input: PrReportInput): PrReport {
  const parts = reportParts(input);
  // The footer is essential but belongs last; fitting drops optional parts before it, never it.
  return {
    comment: fitParts(
      parts,
      GITHUB_BODY_LIMIT,
      characters,
      "a GitHub comment (65,536 characters)",
      "The full report is in the job summary of the workflow run.",
    ),
    summary: fitParts(
      parts,
      STEP_SUMMARY_LIMIT_BYTES,
      utf8Bytes,
      "the job summary (1 MiB)",
      "The full results are in evaluation.json and validation.json.",
    ),
  };
}
