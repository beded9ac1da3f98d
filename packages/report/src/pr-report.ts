/**
 * The pull-request report: one comment a reviewer reads top-down. The same markdown goes to the job
 * summary (with a larger limit), so the PR comment may be cut while the summary keeps the details.
 */
import { historySection, rocDetails } from "./charts.js";
import {
  characters,
  type FitResult,
  fitParts,
  GITHUB_BODY_LIMIT,
  type ReportPart,
  STEP_SUMMARY_LIMIT_BYTES,
  utf8Bytes,
} from "./fit.js";
import { footer, productionLabel, type ReportContext } from "./footer.js";
import { code, formatCount } from "./format.js";
import { gatesSection } from "./gates-section.js";
import { verdictLine } from "./headline.js";
import { metricsSection } from "./metrics-section.js";
import type { Evaluation, HistoryPoint, Validation } from "./results.js";
import { confusionDetails, costSection, details, MAX_FAILED_CHECKS_SHOWN, validationSection } from "./sections.js";
import { regressedSlicesSection, sliceDetails } from "./slices-section.js";

export interface PrReportInput {
  readonly evaluation: Evaluation;
  readonly validation?: Validation;
  /** Released versions, oldest first, for the chart of the primary metric. */
  readonly history?: readonly HistoryPoint[];
  /** Link to the workflow run (GITHUB_SERVER_URL/REPO/actions/runs/GITHUB_RUN_ID). */
  readonly runUrl?: string;
  /** Commits and links for the footer. */
  readonly context?: ReportContext;
}

export interface PrReport {
  /** For the PR comment: under GitHub's 65,536-character limit. */
  readonly comment: FitResult;
  /** For GITHUB_STEP_SUMMARY: under 1 MiB. */
  readonly summary: FitResult;
}

/** The line under the heading: what was compared with what, on which data. */
function comparedLine(evaluation: Evaluation): string {
  const production = productionLabel(evaluation);
  const rows =
    evaluation.data?.rows !== undefined ? `${formatCount(evaluation.data.rows)} rows` : "the evaluation data";
  const data = evaluation.data?.path ? `${rows} of ${code(evaluation.data.path)}` : rows;
  const target = evaluation.target ? `, target ${code(evaluation.target)}` : "";
  return production
    ? `This PR's model vs production ${production}, scored on the same ${data}${target}.\n`
    : `This PR's model on ${data}${target}; there is no production model to compare with yet.\n`;
}

export function reportParts(input: PrReportInput): ReportPart[] {
  const { evaluation, validation } = input;
  const context: ReportContext = { ...(input.runUrl ? { runUrl: input.runUrl } : {}), ...input.context };
  const essential = (text: string): ReportPart => ({ text, essential: true });
  const optional = (text: string, title: string): ReportPart => ({ text, essential: false, title });
  const failedChecks = validation?.checks.filter((c) => !c.passed) ?? [];
  const parts: ReportPart[] = [
    essential(`${verdictLine(evaluation, validation)}\n\n${comparedLine(evaluation)}`),
    essential(gatesSection(evaluation)),
    essential(metricsSection(evaluation)),
    essential(regressedSlicesSection(evaluation)),
    essential(costSection(evaluation)),
    essential(validationSection(validation)),
    optional(historySection(evaluation, input.history), "the chart over past versions"),
    optional(rocDetails(evaluation), "the ROC curve"),
    optional(confusionDetails(evaluation), "the confusion matrices"),
    optional(sliceDetails(evaluation), "the per-slice tables"),
    optional(
      failedChecks.length > MAX_FAILED_CHECKS_SHOWN
        ? details(
            `All failed checks (${failedChecks.length})`,
            failedChecks
              .map(
                (c) => `- ${c.severity} ${code(c.column ?? "(table)")} ${code(c.name ?? c.check)}: ${code(c.message)}`,
              )
              .join("\n"),
          )
        : "",
      "the list of failed checks",
    ),
    essential(footer(evaluation, context)),
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
