/**
 * Checks the `gates:` of a model entry against an evaluation. Every configured limit yields one
 * GateResult, passed or not, with a reason that says what was measured against what.
 *
 * - min / max: the head model's metric against the limit. An undefined metric (null: e.g. ROC AUC
 *   on rows of one class) or one the task does not report fails: a gate that cannot be checked is
 *   not a pass.
 * - max_drop: how much worse than the baseline the head is, in the metric's own direction
 *   (baseline - head for "higher is better", head - baseline for "lower is better"); a relative
 *   limit ("2%") divides that by |baseline|. Without a baseline there is nothing to drop from and
 *   the gate passes, saying so. With `only_if_significant`, a drop over the limit fails only when
 *   the paired-bootstrap interval of the difference excludes 0.
 * - latency_p95_ms / size_mb: the head model's measured latency and its file size. Like max_drop
 *   without a baseline, a limit on something that was not measured (`--no-cost`, or a predictions
 *   file instead of a model) passes and says it was not checked; the size comes from the model file
 *   even when cost was not measured.
 */
import type { Comparison } from "../compare/bootstrap.js";
import type { GatesConfig, MetricGate } from "../config/gates-section.js";
import type { GateResult, ModelCost, ModelSource } from "../evaluation/types.js";
import { isMetricName, type MetricName, type MetricValues, metricDirection } from "../metrics/names.js";

export interface GateInputs {
  readonly head: { readonly metrics: MetricValues; readonly cost?: ModelCost; readonly model?: ModelSource };
  readonly baseline: { readonly metrics: MetricValues } | null;
  readonly comparison?: Comparison;
}

/** Megabyte as in the gate name size_mb: 10^6 bytes. */
export const BYTES_PER_MB = 1_000_000;

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4).replace(/\.?0+$/, "");
}

function observedMetric(metric: MetricName, metrics: MetricValues): { value: number | null; missing?: string } {
  if (!(metric in metrics)) return { value: null, missing: `${metric} is not reported for this model and task` };
  const value = metrics[metric] ?? null;
  return value === null ? { value, missing: `${metric} is undefined on these rows` } : { value };
}

function boundGate(metric: MetricName, kind: "min" | "max", threshold: number, inputs: GateInputs): GateResult {
  const { value, missing } = observedMetric(metric, inputs.head.metrics);
  if (value === null) {
    return {
      metric,
      kind,
      threshold,
      observed: null,
      passed: false,
      reason: `${missing}, so its ${kind} cannot be checked`,
    };
  }
  const passed = kind === "min" ? value >= threshold : value <= threshold;
  const relation = kind === "min" ? (passed ? ">=" : "is below the minimum") : passed ? "<=" : "is above the maximum";
  return {
    metric,
    kind,
    threshold,
    observed: value,
    passed,
    reason: `${metric} ${format(value)} ${relation} ${format(threshold)}`,
  };
}

function parseDrop(limit: number | string): { threshold: number; relative: boolean } {
  if (typeof limit === "number") return { threshold: limit, relative: false };
  return { threshold: Number.parseFloat(limit) / 100, relative: true };
}

/**
 * The smallest drop the comparison could call significant, in the gate's unit, and a warning when
 * the gate's limit is below it: with only_if_significant such a gate can never fail on a drop between
 * the two, and without it, it fails on drops the data cannot tell from noise.
 */
function detectability(
  metric: MetricName,
  threshold: number,
  relative: boolean,
  inputs: GateInputs,
): { detectable_drop?: number; warning?: string } {
  const delta = inputs.comparison?.deltas[metric];
  const detectable = delta?.detectable_change;
  if (detectable === null || detectable === undefined) return {};
  const baseline = delta?.baseline ?? null;
  if (relative && (baseline === null || baseline === 0)) return {};
  const drop = relative ? detectable / Math.abs(baseline as number) : detectable;
  const text = (v: number) => (relative ? `${format(v * 100)}%` : format(v));
  if (threshold >= drop) return { detectable_drop: drop };
  return {
    detectable_drop: drop,
    warning: `max_drop ${text(threshold)} is below the smallest ${metric} drop these rows can detect (${text(drop)}): a drop between the two cannot be told from noise`,
  };
}

function dropGate(metric: MetricName, gate: MetricGate, inputs: GateInputs): GateResult {
  const { threshold, relative } = parseDrop(gate.max_drop ?? 0);
  const base = {
    metric,
    kind: "max_drop" as const,
    threshold,
    ...(relative ? { relative } : {}),
    ...detectability(metric, threshold, relative, inputs),
  };
  const limitText = relative ? `${format(threshold * 100)}%` : format(threshold);
  if (!inputs.baseline) {
    return {
      ...base,
      observed: null,
      passed: true,
      reason: `no baseline model to compare with: ${metric} drop not checked`,
    };
  }
  const head = observedMetric(metric, inputs.head.metrics);
  const baseline = observedMetric(metric, inputs.baseline.metrics);
  if (head.value === null || baseline.value === null) {
    const why = head.missing ?? `baseline ${baseline.missing}`;
    return { ...base, observed: null, passed: false, reason: `${why}, so its drop cannot be checked` };
  }
  const absoluteDrop = metricDirection(metric) === "higher" ? baseline.value - head.value : head.value - baseline.value;
  const drop = relative ? absoluteDrop / Math.abs(baseline.value) : absoluteDrop;
  const observed = Number.isNaN(drop) ? 0 : drop; // 0 / 0: no change from a zero baseline
  const dropText = relative ? `${format(observed * 100)}%` : format(observed);
  const change = `${metric} ${format(head.value)} vs baseline ${format(baseline.value)}: drop ${dropText}`;
  if (observed <= threshold) return { ...base, observed, passed: true, reason: `${change} <= ${limitText}` };
  if (gate.only_if_significant) {
    const delta = inputs.comparison?.deltas[metric];
    if (delta && !delta.significant) {
      return {
        ...base,
        observed,
        passed: true,
        reason: `${change} exceeds ${limitText} but is not significant (interval ${format(delta.ci_low ?? 0)}..${format(delta.ci_high ?? 0)} contains 0)`,
      };
    }
    if (!delta) {
      return {
        ...base,
        observed,
        passed: false,
        reason: `${change} exceeds ${limitText}; no bootstrap interval to test significance`,
      };
    }
  }
  return { ...base, observed, passed: false, reason: `${change} exceeds the maximum drop ${limitText}` };
}

function latencyGate(max: number, cost: ModelCost | undefined): GateResult {
  const base = { metric: "latency_p95_ms", kind: "latency" as const, threshold: max };
  if (!cost) {
    return {
      ...base,
      observed: null,
      passed: true,
      reason: "latency was not measured (--no-cost or no model): not checked",
    };
  }
  const p95 = cost.latency_ms.p95;
  const passed = p95 <= max;
  return {
    ...base,
    observed: p95,
    passed,
    reason: `p95 latency ${format(p95)} ms ${passed ? "<=" : "is above the maximum"} ${format(max)} ms`,
  };
}

function sizeGate(max: number, head: GateInputs["head"]): GateResult {
  const base = { metric: "size_mb", kind: "size" as const, threshold: max };
  const bytes = head.cost?.size_bytes ?? (head.model && "size_bytes" in head.model ? head.model.size_bytes : undefined);
  if (bytes === undefined) {
    return { ...base, observed: null, passed: true, reason: "no model file (predictions file): size not checked" };
  }
  const mb = bytes / BYTES_PER_MB;
  const passed = mb <= max;
  return {
    ...base,
    observed: mb,
    passed,
    reason: `model size ${format(mb)} MB ${passed ? "<=" : "is above the maximum"} ${format(max)} MB`,
  };
}

/** One result per configured limit: metrics in the order of METRIC_NAMES (min, max, max_drop), then latency, size. */
export function evaluateGates(gates: GatesConfig | undefined, inputs: GateInputs): GateResult[] {
  if (!gates) return [];
  const results: GateResult[] = [];
  for (const key of Object.keys(gates)) {
    if (!isMetricName(key)) continue;
    const gate = gates[key];
    if (gate?.min !== undefined) results.push(boundGate(key, "min", gate.min, inputs));
    if (gate?.max !== undefined) results.push(boundGate(key, "max", gate.max, inputs));
    if (gate?.max_drop !== undefined) results.push(dropGate(key, gate, inputs));
  }
  if (gates.latency_p95_ms) results.push(latencyGate(gates.latency_p95_ms.max, inputs.head.cost));
  if (gates.size_mb) results.push(sizeGate(gates.size_mb.max, inputs.head));
  return results;
}
