/**
 * Which slice differences to believe. An evaluation with 27 segments and 12 metrics makes 324
 * comparisons; at 95% each, two models of equal quality would show about 8 "significant" ones by
 * chance, and the PR comment would cry wolf on every pull request. So:
 *
 * 1. Every (segment, metric) difference gets a paired-bootstrap p-value (significance.ts).
 * 2. Benjamini-Hochberg across all of them at a false discovery rate of 5% (multiple-testing.ts):
 *    among flagged differences, at most 5% are expected false; with no real difference anywhere,
 *    the chance of flagging anything is at most 5%.
 * 3. A difference smaller than the minimum effect is never flagged: a 0.2-point AUC change on a
 *    segment of 40,000 rows can be significant and still not worth a reviewer's time.
 *
 * docs/metrics.md explains the choice (against Holm on a few primary metrics) and records the
 * false-alarm rates the A/A benchmark (bench/aa.mjs) measures.
 */
import type { MetricDelta } from "../compare/bootstrap.js";
import { verdictOf } from "../compare/bootstrap.js";
import { benjaminiHochberg } from "../compare/multiple-testing.js";
import { type MetricName, metricDirection } from "../metrics/names.js";
import type { SliceDelta, SliceTests } from "./types.js";

/** The false discovery rate controlled across segments x metrics. */
export const DEFAULT_SLICE_FDR = 0.05;
/**
 * Smallest flagged change of a score where higher is better (accuracy, F1, ROC AUC, R², ...): one
 * point on the 0-1 scale, the resolution at which teams usually state such targets.
 */
export const DEFAULT_MIN_ABSOLUTE_EFFECT = 0.01;
/**
 * Smallest flagged change of a loss (log loss, Brier, errors), relative to the baseline's value:
 * losses have no common scale, so 1% of where the baseline stands.
 */
export const DEFAULT_MIN_RELATIVE_EFFECT = 0.01;

export interface SliceTestOptions {
  readonly fdr?: number;
  readonly minAbsoluteEffect?: number;
  readonly minRelativeEffect?: number;
}

/** Whether a difference is large enough to report, whatever its p-value. */
export function meetsMinimumEffect(
  metric: MetricName,
  delta: number,
  baseline: number | null,
  rule: { readonly absolute: number; readonly relative: number },
): boolean {
  if (metricDirection(metric) === "higher") return Math.abs(delta) >= rule.absolute;
  return baseline === null ? false : Math.abs(delta) >= rule.relative * Math.abs(baseline);
}

/**
 * The slice deltas of each segment (same order as given) after the correction, and the summary
 * evaluation.json records. Differences without a p-value (a metric undefined on the segment) are
 * not tests; they stay "same".
 */
export function testSlices(
  segments: readonly Partial<Record<MetricName, MetricDelta>>[],
  options: SliceTestOptions = {},
): { deltas: Partial<Record<MetricName, SliceDelta>>[]; tests: SliceTests } {
  const fdr = options.fdr ?? DEFAULT_SLICE_FDR;
  const rule = {
    absolute: options.minAbsoluteEffect ?? DEFAULT_MIN_ABSOLUTE_EFFECT,
    relative: options.minRelativeEffect ?? DEFAULT_MIN_RELATIVE_EFFECT,
  };
  const tested: Array<{ segment: number; metric: MetricName; p: number }> = [];
  segments.forEach((deltas, segment) => {
    for (const [metric, d] of Object.entries(deltas) as [MetricName, MetricDelta][]) {
      if (d.p_value !== null && d.delta !== null) tested.push({ segment, metric, p: d.p_value });
    }
  });
  const qValues = benjaminiHochberg(tested.map((t) => t.p));
  const qOf = new Map(tested.map((t, i) => [`${t.segment}\u0000${t.metric}`, qValues[i] as number]));
  let flagged = 0;
  const deltas = segments.map((segmentDeltas, segment) => {
    const out: Partial<Record<MetricName, SliceDelta>> = {};
    for (const [metric, d] of Object.entries(segmentDeltas) as [MetricName, MetricDelta][]) {
      const q = qOf.get(`${segment}\u0000${metric}`) ?? null;
      const significant = q !== null && q <= fdr;
      const large = d.delta !== null && meetsMinimumEffect(metric, d.delta, d.baseline, rule);
      const verdict = verdictOf(d.delta, significant && large, metricDirection(metric));
      if (verdict !== "same") flagged++;
      out[metric] = {
        delta: d.delta,
        ci_low: d.ci_low,
        ci_high: d.ci_high,
        significant,
        verdict,
        p_value: d.p_value,
        q_value: q,
      };
    }
    return out;
  });
  return {
    deltas,
    tests: {
      method: "benjamini-hochberg",
      fdr,
      p_value: "paired-bootstrap-t",
      tests: tested.length,
      min_effect: rule,
      flagged,
    },
  };
}
