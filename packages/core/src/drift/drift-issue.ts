import { escapeCode, escapeText, MAX_NAME_CHARS, truncate } from "../markdown/escape.js";
import type { DriftReport } from "./dataset-drift.js";

/**
 * The drift issue's lifecycle and text, as pure functions: one open issue per model; a drifted run
 * opens it or comments on it; clean runs are counted, and after `closeAfter` consecutive clean runs
 * the issue gets a closing comment and is closed. The run history (for the chart) and the count of
 * clean runs live in a hidden JSON block of the issue body, so no other storage is needed.
 */

/** Label of drift issues (the issue of one model is found by label + hidden marker + author). */
export const DEFAULT_DRIFT_LABEL = "model-drift";
/** Consecutive clean runs before the issue is closed: three nights without drift. */
export const DEFAULT_CLOSE_AFTER = 3;
/** Runs kept in the issue's history (and chart). */
export const MAX_HISTORY = 30;

export interface DriftRun {
  /** ISO time of the run (passed in: the core reads no clock). */
  at: string;
  drifted: boolean;
  share: number;
  /** Drifted features with their deciding score. */
  features: Record<string, number | null>;
  url?: string;
}

export interface DriftIssueState {
  clean_runs: number;
  history: DriftRun[];
}

const STATE_START = "<!-- mlci:drift-state ";
const STATE_END = " -->";

export function readIssueState(body: string): DriftIssueState {
  const start = body.indexOf(STATE_START);
  if (start < 0) return { clean_runs: 0, history: [] };
  const end = body.indexOf(STATE_END, start + STATE_START.length);
  try {
    const state = JSON.parse(body.slice(start + STATE_START.length, end)) as DriftIssueState;
    return { clean_runs: Number(state.clean_runs) || 0, history: Array.isArray(state.history) ? state.history : [] };
  } catch {
    return { clean_runs: 0, history: [] }; // an edited body loses the chart's past, not the issue
  }
}

function writeState(state: DriftIssueState): string {
  // "--" cannot appear inside an HTML comment; JSON of our own numbers and ISO times has none.
  return `${STATE_START}${JSON.stringify(state).replaceAll("--", "-\\u002d")}${STATE_END}`;
}

export function runOf(report: DriftReport, at: string, url?: string): DriftRun {
  const features: Record<string, number | null> = {};
  for (const name of report.drifted_features) features[name] = report.features[name]?.score ?? null;
  return { at, drifted: report.drifted, share: report.share, features, ...(url ? { url } : {}) };
}

export type IssueAction =
  | { kind: "none" }
  | { kind: "create"; title: string; body: string }
  | { kind: "comment"; body: string; issueBody: string }
  | { kind: "close"; body: string; issueBody: string };

export interface IssueDecisionInput {
  model: string;
  marker: string;
  report: DriftReport;
  run: DriftRun;
  /** The open drift issue of this model, if any. */
  openIssue?: { body: string };
  closeAfter: number;
}

export function decideIssueAction(input: IssueDecisionInput): IssueAction {
  const { report, run, openIssue, closeAfter, model, marker } = input;
  if (!openIssue) {
    if (!report.drifted) return { kind: "none" };
    const state: DriftIssueState = { clean_runs: 0, history: [run] };
    return {
      kind: "create",
      title: `Drift detected: ${truncate(model, MAX_NAME_CHARS)}`,
      body: issueBody(model, marker, report, state),
    };
  }
  const previous = readIssueState(openIssue.body);
  const state: DriftIssueState = {
    clean_runs: report.drifted ? 0 : previous.clean_runs + 1,
    history: [...previous.history, run].slice(-MAX_HISTORY),
  };
  const body = issueBody(model, marker, report, state);
  if (!report.drifted && state.clean_runs >= closeAfter) {
    return {
      kind: "close",
      body: `No drift for ${state.clean_runs} consecutive runs (the last at ${run.at}): closing.\n\n${summaryTable(report)}`,
      issueBody: body,
    };
  }
  const heading = report.drifted
    ? `Drift again at ${run.at}: ${report.drifted_features.length} features drifted (share ${fixed(report.share)}).`
    : `Clean run at ${run.at} (${state.clean_runs} of ${closeAfter} needed to close).`;
  return {
    kind: "comment",
    body: `${heading}${run.url ? ` [Run](${run.url})` : ""}\n\n${summaryTable(report)}`,
    issueBody: body,
  };
}

function fixed(value: number | null | undefined): string {
  if (value === null || value === undefined) return "-";
  return value !== 0 && Math.abs(value) < 1e-4 ? value.toExponential(2) : value.toFixed(4);
}

/** Table of the features: drifted first, with the deciding statistic and the missing share. */
export function summaryTable(report: DriftReport): string {
  const entries = Object.entries(report.features).sort(
    ([a, fa], [b, fb]) => Number(fb.drifted) - Number(fa.drifted) || a.localeCompare(b),
  );
  const lines = [
    "| feature | drifted | method | score | threshold | missing (ref -> cur) |",
    "| --- | --- | --- | ---: | ---: | --- |",
  ];
  const predictions = Object.entries(report.prediction ?? {}).map(
    ([name, f]): [string, (typeof entries)[number][1]] => [`prediction: ${escapeText(name)}`, f],
  );
  const features = entries.map(([name, f]): [string, (typeof entries)[number][1]] => [escapeText(name), f]);
  for (const [name, f] of [...predictions, ...features]) {
    const rule = f.method === "ks" || f.method === "chi_square" ? `p < ${f.threshold}` : `>= ${f.threshold}`;
    const missing = `${(100 * f.missing.reference).toFixed(1)}% -> ${(100 * f.missing.current).toFixed(1)}%`;
    lines.push(
      `| ${name} | ${f.drifted ? "**yes**" : "no"} | ${f.method} | ${fixed(f.score)} | ${rule} | ${missing} |`,
    );
  }
  const p = report.performance;
  if (p) {
    const rule = p.metric === "accuracy" ? `drop >= ${p.threshold}` : `increase >= ${100 * p.threshold}%`;
    const verdict = p.drifted ? ": **degraded**" : "";
    lines.push("", `Performance: ${p.metric} ${fixed(p.reference)} -> ${fixed(p.current)} (${rule})${verdict}.`);
  }
  return lines.join("\n");
}

/** A mermaid line chart of the share of drifted features over the runs in the history. */
export function historyChart(history: readonly DriftRun[]): string {
  if (history.length < 2) return "";
  const labels = history.map((_run, i) => `"${i + 1}"`).join(", ");
  const shares = history.map((run) => fixed(run.share)).join(", ");
  return [
    "```mermaid",
    "xychart-beta",
    '  title "Share of drifted features per run"',
    `  x-axis [${labels}]`,
    '  y-axis "share" 0 --> 1',
    `  line [${shares}]`,
    "```",
  ].join("\n");
}

export function issueBody(model: string, marker: string, report: DriftReport, state: DriftIssueState): string {
  const last = state.history.at(-1);
  const tested = Object.keys(report.features).length;
  const reasons = [
    report.share >= report.share_threshold && tested > 0
      ? `${report.drifted_features.length} of ${tested} features (share ${fixed(report.share)} >= ${report.share_threshold})`
      : "",
    Object.values(report.prediction ?? {}).some((f) => f.drifted) ? "the predictions" : "",
    report.performance?.drifted
      ? `performance (${report.performance.metric} ${fixed(report.performance.reference)} -> ${fixed(report.performance.current)})`
      : "",
  ].filter(Boolean);
  const status = report.drifted
    ? `**Drift** in ${reasons.join("; ")}.`
    : `Latest run clean (${state.clean_runs} consecutive clean runs).`;
  const chart = historyChart(state.history);
  return [
    marker,
    `## Drift of ${escapeText(model)}`,
    "",
    `${status} Reference: ${escapeCode(report.reference.source)} (${report.reference.rows} rows); current: ${escapeCode(report.current.source)} (${report.current.rows} rows).${last?.url ? ` [Latest run](${last.url})` : ""}`,
    "",
    summaryTable(report),
    "",
    ...(chart ? [chart, ""] : []),
    `Runs in the chart: ${state.history.map((r) => r.at).join(", ")}`,
    "",
    "_Written by `mlci drift --open-issue`; this issue closes itself after consecutive clean runs._",
    writeState(state),
  ].join("\n");
}
