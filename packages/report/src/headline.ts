/**
 * The report's first line, which answers "can I merge?": an icon for the worst finding and every item
 * that needs attention by name (failed gates, failed data checks, worse metrics, worse slices, slower
 * inference), before what went well. A model that is worse than production is never ✅, gated or not.
 */
import { code, formatPercent } from "./format.js";
import { significantlyBetter, significantlyWorse } from "./metric-roles.js";
import type { Evaluation, Gate, Slice, Validation } from "./results.js";

export type AttentionLevel = "fail" | "warn" | "ok";

export interface AttentionItem {
  readonly level: AttentionLevel;
  /** Markdown; values from the result files are already escaped. */
  readonly text: string;
}

const ICONS: Readonly<Record<AttentionLevel, string>> = { fail: "❌", warn: "⚠️", ok: "✅" };

/** Slices named in the first line; the rest are counted. */
export const SLICES_NAMED_IN_HEADLINE = 3;
/** Longest slice name in the first line (column=segment), so the heading stays one line. */
const MAX_SLICE_NAME = 40;
/**
 * A p95 latency this much above production's is named in the first line. Single-row latency of the
 * same model varies by about 10 % between runs on shared CI machines, so 20 % is a change, not noise.
 */
export const LATENCY_ATTENTION = 0.2;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A gate not checked: nothing measured, yet passed (no baseline to drop from, no latency measured). */
export function isUnchecked(gate: Pick<Gate, "observed" | "passed">): boolean {
  return gate.observed === null && gate.passed;
}

export function sliceName(slice: Slice): string {
  const name = `${slice.column}=${slice.segment}`;
  return name.length > MAX_SLICE_NAME ? `${name.slice(0, MAX_SLICE_NAME - 1)}…` : name;
}

function gateItems(evaluation: Evaluation): AttentionItem[] {
  const gates = evaluation.gates ?? [];
  if (gates.length === 0) return [];
  const failed = gates.filter((g) => !g.passed);
  const unchecked = gates.filter(isUnchecked);
  const items: AttentionItem[] = [];
  if (failed.length > 0) {
    items.push({
      level: "fail",
      text: `${failed.length} of ${plural(gates.length, "gate")} failed (${failed.map((g) => code(`${g.metric} ${g.kind}`)).join(", ")})`,
    });
  }
  if (unchecked.length > 0) {
    const why = evaluation.baseline ? "nothing measured" : "no production model";
    items.push({ level: "warn", text: `${plural(unchecked.length, "gate")} not checked (${why})` });
  }
  const passed = gates.length - failed.length - unchecked.length;
  if (failed.length === 0 && passed > 0) {
    items.push({
      level: "ok",
      text: passed === gates.length ? `all ${plural(passed, "gate")} passed` : `${passed} passed`,
    });
  }
  return items;
}

function validationItems(validation: Validation | undefined): AttentionItem[] {
  if (!validation || validation.passed) return [];
  const errors = validation.summary.failed_errors;
  return [{ level: "fail", text: `data validation failed (${plural(errors, "error")})` }];
}

function metricItems(evaluation: Evaluation): AttentionItem[] {
  if (!evaluation.baseline) return [{ level: "ok", text: "first evaluation: no production model to compare with" }];
  const worse = significantlyWorse(evaluation);
  const better = significantlyBetter(evaluation);
  const items: AttentionItem[] = [];
  if (worse.length > 0) items.push({ level: "warn", text: `worse than production: ${worse.join(", ")}` });
  if (better.length > 0) items.push({ level: "ok", text: `better: ${better.join(", ")}` });
  if (worse.length === 0 && better.length === 0)
    items.push({ level: "ok", text: "no significant change from production" });
  return items;
}

function sliceItems(evaluation: Evaluation): AttentionItem[] {
  const regressed = (evaluation.slices ?? []).filter((s) => s.regressed);
  if (regressed.length === 0) return [];
  const named = regressed.slice(0, SLICES_NAMED_IN_HEADLINE).map((s) => code(sliceName(s)));
  const more = regressed.length > named.length ? `, ${regressed.length - named.length} more` : "";
  return [{ level: "warn", text: `${plural(regressed.length, "slice")} worse (${named.join(", ")}${more})` }];
}

function latencyItems(evaluation: Evaluation): AttentionItem[] {
  const head = evaluation.head.cost?.latency_ms?.p95;
  const base = evaluation.baseline?.cost?.latency_ms?.p95;
  if (head == null || base == null || base <= 0) return [];
  // Measured in rounds: a change within the rounds' noise is not named.
  if (evaluation.latency_comparison?.verdict === "noisy" || evaluation.latency_comparison?.verdict === "faster")
    return [];
  const change = head / base - 1;
  if (change < LATENCY_ATTENTION) return [];
  return [{ level: "warn", text: `p95 latency ${formatPercent(change, { signed: true })}` }];
}

export function attentionItems(evaluation: Evaluation, validation?: Validation): AttentionItem[] {
  const items = [
    ...gateItems(evaluation),
    ...validationItems(validation),
    ...metricItems(evaluation),
    ...sliceItems(evaluation),
    ...latencyItems(evaluation),
  ];
  const rank: Record<AttentionLevel, number> = { fail: 0, warn: 1, ok: 2 };
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => rank[a.item.level] - rank[b.item.level] || a.i - b.i)
    .map((x) => x.item);
}

export function overallLevel(items: readonly AttentionItem[]): AttentionLevel {
  return items.find((i) => i.level === "fail") ? "fail" : items.find((i) => i.level === "warn") ? "warn" : "ok";
}

/**
 * `### ❌ \`churn\`: 1 of 3 gates failed (…) · ⚠️ 2 slices worse (…) · p95 latency +38% · better: f1`.
 * The leading icon is the worst level; an icon is repeated where the level changes to another
 * needing attention, so every item after "⚠️" up to the good news is a warning.
 */
export function verdictLine(evaluation: Evaluation, validation?: Validation): string {
  const items = attentionItems(evaluation, validation);
  const level = overallLevel(items);
  let previous = level;
  const texts = items.map((item) => {
    const icon = item.level !== previous && item.level !== "ok" ? `${ICONS[item.level]} ` : "";
    previous = item.level;
    return `${icon}${item.text}`;
  });
  return `### ${ICONS[level]} ${code(evaluation.name)}: ${texts.join(" · ")}`;
}
