/**
 * The gates table, written from each gate's fields (not from the reason text of the file): the limit
 * as configured (relative limits as %), the observed value as a drop when it is one (a drop is
 * positive; a metric that improved "rose"), and why a gate was not checked.
 */
import { markdownTable } from "markdown-table";
import {
  cell,
  formatCount,
  formatFixed,
  formatInterval,
  formatLimit,
  formatLimitPercent,
  formatMetric,
  formatMs,
  formatPercent,
  formatValue,
  metricDecimals,
} from "./format.js";
import { isUnchecked } from "./headline.js";
import { directionOf, type Evaluation, type Gate } from "./results.js";

/** What a gate row shows: the gate of evaluation.json, or the compact one a release keeps. */
export interface GateFigures {
  readonly metric: string;
  readonly kind: Gate["kind"];
  readonly threshold: number;
  readonly relative?: boolean | undefined;
  readonly observed: number | null;
  readonly passed: boolean;
}

export function limitText(gate: GateFigures): string {
  switch (gate.kind) {
    case "min":
      return `≥ ${formatLimit(gate.threshold)}`;
    case "max":
      return `≤ ${formatLimit(gate.threshold)}`;
    case "max_drop":
      return `drop ≤ ${gate.relative ? formatLimitPercent(gate.threshold) : formatLimit(gate.threshold)}`;
    case "latency":
      return `p95 ≤ ${formatLimit(gate.threshold)} ms`;
    case "size":
      return `≤ ${formatLimit(gate.threshold)} MB`;
    default:
      return formatLimit(gate.threshold);
  }
}

/** The drop's interval from the comparison: the interval of Δ turned into one of the drop. */
function dropInterval(evaluation: Evaluation | undefined, gate: GateFigures, decimals: number): string {
  const d = evaluation?.comparison?.deltas[gate.metric];
  if (!d || d.ci_low === null || d.ci_high === null) return "";
  const sign = directionOf(gate.metric) === "higher" ? -1 : 1;
  const scale = gate.relative && d.baseline ? Math.abs(d.baseline) : 1;
  const [low, high] = [(sign * d.ci_low) / scale, (sign * d.ci_high) / scale].sort((a, b) => a - b) as [number, number];
  if (gate.relative) return ` [${formatPercent(low, { decimals: 1 })}, ${formatPercent(high, { decimals: 1 })}]`;
  return ` ${formatInterval(low, high, decimals).replace(/\+/g, "")}`;
}

/** The observed value; with the evaluation at hand, a drop with its interval. */
export function observedText(evaluation: Evaluation | undefined, gate: GateFigures): string {
  if (gate.observed === null) return "—";
  const decimals = metricDecimals(gate.metric, [gate.observed]);
  switch (gate.kind) {
    case "max_drop": {
      const amount = gate.relative
        ? formatPercent(Math.abs(gate.observed), { decimals: 1 })
        : formatFixed(Math.abs(gate.observed), decimals);
      const interval = dropInterval(evaluation, gate, decimals);
      if (gate.observed > 0) return `dropped ${amount}${interval}`;
      if (gate.observed < 0) return `improved ${amount}`;
      return "no drop";
    }
    case "latency":
      return formatMs(gate.observed);
    case "size":
      // Four significant digits: a 2 KiB model is 0.0022 MB, not "0.00 MB".
      return `${formatValue(gate.observed)} MB`;
    default:
      return formatMetric(gate.observed, gate.metric);
  }
}

function noteText(evaluation: Evaluation, gate: Gate): string {
  const note = checkNote(evaluation, gate);
  if (!gate.warning) return note;
  return note ? `${note}; ⚠️ ${cell(gate.warning)}` : `⚠️ ${cell(gate.warning)}`;
}

function checkNote(evaluation: Evaluation, gate: Gate): string {
  if (isUnchecked(gate)) {
    if (gate.kind === "max_drop") return "no production model to compare with";
    if (gate.kind === "latency") return "latency not measured";
    if (gate.kind === "size") return "no model file";
    return "not measured";
  }
  if (gate.observed === null) return "undefined on these rows or not reported: cannot pass";
  if (gate.kind === "max_drop" && gate.passed && gate.observed > gate.threshold)
    return "over the limit but within noise (interval includes no drop)";
  if (gate.kind === "max_drop" && !gate.passed && !evaluation.comparison?.deltas[gate.metric]?.significant)
    return "over the limit";
  return "";
}

export function resultCell(gate: GateFigures): string {
  if (isUnchecked(gate)) return "⚪ not checked";
  return gate.passed ? "✅ pass" : "❌ fail";
}

export function gateName(gate: GateFigures): string {
  if (gate.kind === "latency") return "p95 latency";
  if (gate.kind === "size") return "model size";
  const kind = { min: "min", max: "max", max_drop: "max drop" }[gate.kind];
  return cell(`${gate.metric} ${kind ?? gate.kind}`);
}

export function gatesSection(evaluation: Evaluation): string {
  const gates = evaluation.gates ?? [];
  if (gates.length === 0) return "";
  const rows = gates.map((g) => [
    resultCell(g),
    gateName(g),
    limitText(g),
    observedText(evaluation, g),
    noteText(evaluation, g),
  ]);
  return `#### Gates\n\n${markdownTable([["Result", "Gate", "Limit", "Observed", "Note"], ...rows], { align: ["l", "l", "l", "r", "l"] })}\n${detectableLine(evaluation)}`;
}

/**
 * What the evaluation set can detect, per gated metric: "With 14,861 rows a roc_auc drop below 0.004
 * cannot be detected." From the bootstrap spread (detectable_drop of the max_drop gates).
 */
export function detectableLine(evaluation: Evaluation): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const g of evaluation.gates ?? []) {
    if (g.detectable_drop === undefined || seen.has(g.metric)) continue;
    seen.add(g.metric);
    const decimals = metricDecimals(g.metric, [g.detectable_drop]);
    const value = g.relative
      ? formatPercent(g.detectable_drop, { decimals: 1 })
      : formatFixed(g.detectable_drop, decimals);
    parts.push(`${cell(g.metric)} drop below ${value}`);
  }
  if (parts.length === 0) return "";
  const rows = evaluation.data?.rows;
  return `\n${rows === undefined ? "On these rows" : `With ${formatCount(rows)} rows`} a ${parts.join(", a ")} cannot be detected.\n`;
}
