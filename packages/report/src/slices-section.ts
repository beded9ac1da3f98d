/**
 * Slices: one row per segment that got worse, with its worst metric (production → this PR and the
 * interval of the change), worst first; every slice's primary metric folded below. Seven columns at
 * most, so a PR page shows the whole row.
 */
import { type WorstMetric as CoreWorstMetric, worstMetric } from "@mlci/core/evaluation/worst-metric.js";
import { markdownTable } from "markdown-table";
import {
  cell,
  formatCount,
  formatFixed,
  formatInterval,
  formatLimit,
  formatLimitPercent,
  metricDecimals,
} from "./format.js";
import { sliceName } from "./headline.js";
import { primaryMetric } from "./metric-roles.js";
import type { Evaluation, MetricDelta, Slice } from "./results.js";
import { details } from "./sections.js";

/** Regressed slices listed in the body before the rest is folded into the details. */
export const MAX_REGRESSED_SLICES_SHOWN = 20;

type WorstMetric = CoreWorstMetric<Partial<MetricDelta>>;

function row(slice: Slice, worst: WorstMetric | undefined): string[] {
  if (!worst) return [cell(sliceName(slice)), formatCount(slice.rows), "", "", "", "", ""];
  const { metric, delta } = worst;
  const base = slice.baseline?.[metric] ?? null;
  const head = slice.head[metric] ?? null;
  const decimals = metricDecimals(metric, [base, head]);
  return [
    cell(sliceName(slice)),
    formatCount(slice.rows),
    `${cell(metric)}${worst.others > 0 ? ` (+${worst.others} more)` : ""}`,
    formatFixed(base, decimals),
    formatFixed(head, decimals),
    formatFixed(delta.delta, decimals, { signed: true }),
    formatInterval(delta.ci_low, delta.ci_high, decimals),
  ];
}

/** How the slice differences were tested: a flagged segment means something only with this said. */
export function sliceTestsLine(evaluation: Evaluation): string {
  const tests = evaluation.slice_tests;
  if (!tests) return "";
  const effect = tests.min_effect
    ? `; differences under ${formatLimit(tests.min_effect.absolute)} (scores) or ${formatLimitPercent(tests.min_effect.relative)} (losses) are not flagged`
    : "";
  const method = tests.method === "benjamini-hochberg" ? "Benjamini-Hochberg" : cell(tests.method);
  return `${formatCount(tests.tests)} segment × metric differences tested, false discovery rate ${formatLimitPercent(tests.fdr)} (${method})${effect}.\n`;
}

export function regressedSlicesSection(evaluation: Evaluation): string {
  const slices = evaluation.slices ?? [];
  const regressed = slices.filter((s) => s.regressed);
  const tested = sliceTestsLine(evaluation);
  if (regressed.length === 0)
    return slices.length > 0
      ? `#### Slices\n\nNo slice got worse (${slices.length} compared).${tested ? ` ${tested}` : "\n"}`
      : "";
  const primary = primaryMetric(evaluation);
  const ranked = regressed
    .map((slice) => ({ slice, worst: worstMetric(slice, primary) }))
    .sort((a, b) => (b.worst?.severity ?? 0) - (a.worst?.severity ?? 0));
  const shown = ranked.slice(0, MAX_REGRESSED_SLICES_SHOWN);
  const confidence = Math.round((evaluation.comparison?.confidence ?? 0.95) * 100);
  const header = ["Slice", "Rows", "Worst metric", "Production", "This PR", "Δ", `${confidence}% interval`];
  const table = markdownTable([header, ...shown.map((s) => row(s.slice, s.worst))], {
    align: ["l", "r", "l", "r", "r", "r", "r"],
  });
  const more =
    regressed.length > shown.length
      ? `\n${regressed.length - shown.length} more slices got worse; all are in the details below.\n`
      : "";
  return `#### Slices worse than production (${regressed.length} of ${slices.length})\n\n${table}\n${more}${tested ? `\n${tested}` : ""}`;
}

/** Every slice on the primary metric (production, this PR, Δ, interval), folded. */
export function sliceDetails(evaluation: Evaluation): string {
  const slices = evaluation.slices ?? [];
  const metric = primaryMetric(evaluation);
  if (slices.length === 0 || !metric) return "";
  const values = slices.flatMap((s) => [s.head[metric], s.baseline?.[metric]]);
  const decimals = metricDecimals(metric, values);
  const confidence = Math.round((evaluation.comparison?.confidence ?? 0.95) * 100);
  const rows = slices.map((s) => {
    const d = s.deltas?.[metric];
    return [
      cell(sliceName(s)),
      formatCount(s.rows),
      formatFixed(s.baseline?.[metric], decimals),
      formatFixed(s.head[metric], decimals),
      formatFixed(d?.delta, decimals, { signed: true }),
      d ? formatInterval(d.ci_low, d.ci_high, decimals) : "n/a",
      s.regressed ? "🔴 worse" : "",
    ];
  });
  const header = ["Slice", "Rows", "Production", "This PR", "Δ", `${confidence}% interval`, ""];
  const table = markdownTable([header, ...rows], { align: ["l", "r", "r", "r", "r", "r", "l"] });
  return details(`All slices on ${cell(metric)} (${slices.length})`, `${table}\n`);
}
