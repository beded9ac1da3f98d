import { axisRange, mermaidXyChart, SERIES_COLOUR_NAMES } from "../format/mermaid-chart.js";
import {
  formatCount,
  formatLimit,
  formatLimitPercent,
  formatPercent,
  formatStatistic,
  formatValue,
  MINUS,
} from "../format/numbers.js";
import { shellWord } from "../format/shell-word.js";
import {
  escapeCode,
  escapeCodeCell,
  escapeText,
  MAX_NAME_CHARS,
  MAX_PATH_CHARS,
  truncate,
} from "../markdown/escape.js";
import type { DriftReport, FeatureDrift, FeatureFigures } from "./drift-file.js";

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
  /** The model's name; rendered in inline code (it comes from mlci.yml or a flag). */
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
      body: `No drift for ${state.clean_runs} consecutive runs (the last at ${run.at}): closing. The history of the runs stays in the issue's description.\n\n${details("All features", summaryTable(report))}`,
      issueBody: body,
    };
  }
  const heading = report.drifted
    ? `Drift again at ${run.at}: ${driftedList(report)}.`
    : `Clean run at ${run.at} (${state.clean_runs} of ${closeAfter} needed to close).`;
  // Each run's comment keeps its own figures: the body shows the latest run, the comments every run.
  const figures = report.drifted ? `\n\n${driftedSections(report)}` : "";
  return {
    kind: "comment",
    body: `${heading}${run.url ? ` [Run](${run.url})` : ""}${figures}\n\n${details("All features", summaryTable(report))}`,
    issueBody: body,
  };
}

/** Features whose figures and histogram the issue shows; the rest are in the table. */
export const MAX_FEATURES_DETAILED = 5;

const METHOD_NAMES: Record<FeatureDrift["method"], string> = {
  wasserstein: "Wasserstein distance",
  jensen_shannon: "Jensen–Shannon distance",
  psi: "PSI",
  ks: "KS test p-value",
  chi_square: "chi-square test p-value",
};

/** What each score means, in one sentence a reader without a statistics course can use. */
const METHOD_MEANING: Record<FeatureDrift["method"], string> = {
  wasserstein:
    "how far the values moved, in standard deviations of the reference: 0 is the same distribution, 0.1 a shift worth a look, 1 a move by a whole standard deviation (a unit change is often far more)",
  jensen_shannon:
    "how different the shares of the values are, from 0 (the same) to 0.83 (no value in common, natural log); 0.1 is a clear change in the mix",
  psi: "the population stability index over the reference's deciles: under 0.1 stable, 0.1 to 0.25 a moderate shift, over 0.25 a major one",
  ks: "the chance of a difference this large between two samples of one distribution (Kolmogorov–Smirnov); below 0.05 the samples differ",
  chi_square:
    "the chance of shares this different between two samples of one distribution (chi-square test); below 0.05 they differ",
};

/** Names from data (features, categories, the model) as code spans: shown literally, nothing linked. */
const code = (text: string) => escapeCode(text, MAX_NAME_CHARS);
/** Names from data inside a table cell. */
const escapeCell = (text: string) => escapeText(text, MAX_NAME_CHARS);

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function rule(f: FeatureDrift): string {
  return f.method === "ks" || f.method === "chi_square"
    ? `drift below ${formatLimit(f.threshold)}`
    : `drift from ${formatLimit(f.threshold)}`;
}

function driftedList(report: DriftReport): string {
  const tested = Object.keys(report.features).length;
  const names = report.drifted_features.map(code).join(", ");
  return `${report.drifted_features.length} of ${tested} features drifted (${formatPercent(report.share)})${names ? `: ${names}` : ""}`;
}

/** Table of the features: drifted first, with the deciding statistic and the missing share. */
export function summaryTable(report: DriftReport): string {
  const entries = Object.entries(report.features).sort(
    ([a, fa], [b, fb]) => Number(fb.drifted) - Number(fa.drifted) || a.localeCompare(b),
  );
  const lines = [
    "| Feature | Drifted | Statistic | Score | Rule | Missing (reference → current) |",
    "| --- | --- | --- | ---: | --- | --- |",
  ];
  const predictions = Object.entries(report.prediction ?? {}).map(([name, f]): [string, FeatureDrift] => [
    `prediction: ${name}`,
    f,
  ]);
  for (const [name, f] of [...predictions, ...entries]) {
    const missing = `${formatPercent(f.missing.reference)} → ${formatPercent(f.missing.current)}`;
    lines.push(
      `| ${escapeCell(name)} | ${f.drifted ? "**yes**" : "no"} | ${METHOD_NAMES[f.method]} | ${formatStatistic(f.score)} | ${rule(f)} | ${missing} |`,
    );
  }
  const p = report.performance;
  if (p) {
    const limit =
      p.metric === "accuracy"
        ? `a drop of ${formatLimit(p.threshold)}`
        : `a rise of ${formatLimitPercent(p.threshold)}`;
    const verdict = p.drifted ? ": **degraded**" : "";
    lines.push(
      "",
      `Performance: ${p.metric} ${formatStatistic(p.reference)} → ${formatStatistic(p.current)} (drift at ${limit})${verdict}.`,
    );
  }
  return lines.join("\n");
}

function change(reference: number | null, current: number | null): string {
  if (reference === null || current === null || reference === 0) return "";
  return formatPercent(current / reference - 1, { signed: true });
}

function numericTable(figures: FeatureFigures, f: FeatureDrift): string {
  const ref = figures.reference;
  const cur = figures.current;
  if (!ref || !cur) return "";
  const rows: [string, number | null, number | null][] = [
    ["mean", ref.mean, cur.mean],
    ["median", ref.median, cur.median],
    ["p95", ref.p95, cur.p95],
    ["min", ref.min, cur.min],
    ["max", ref.max, cur.max],
  ];
  return [
    "| | Reference | Current | Change |",
    "| --- | ---: | ---: | ---: |",
    ...rows.map(([label, r, c]) => `| ${label} | ${formatValue(r)} | ${formatValue(c)} | ${change(r, c)} |`),
    `| missing | ${formatPercent(f.missing.reference)} | ${formatPercent(f.missing.current)} | |`,
    `| rows | ${formatCount(f.reference_count)} | ${formatCount(f.current_count)} | |`,
  ].join("\n");
}

function categoryTable(figures: FeatureFigures, f: FeatureDrift): string {
  const h = figures.histogram;
  if (!h.categories) return "";
  return [
    "| Value | Reference | Current | Change |",
    "| --- | ---: | ---: | ---: |",
    ...h.categories.map((name, i) => {
      const r = h.reference[i] ?? 0;
      const c = h.current[i] ?? 0;
      const points = (c - r) * 100;
      const delta = Math.abs(points) < 0.05 ? "" : `${points > 0 ? "+" : MINUS}${Math.abs(points).toFixed(1)} pp`;
      return `| ${escapeCell(name)} | ${formatPercent(r)} | ${formatPercent(c)} | ${delta} |`;
    }),
    `| missing | ${formatPercent(f.missing.reference)} | ${formatPercent(f.missing.current)} | |`,
  ].join("\n");
}

/** Bin labels that say where the bin is: its lower edge, or the category. */
function histogramLabels(figures: FeatureFigures): string[] {
  const h = figures.histogram;
  if (h.categories) return [...h.categories];
  const edges = h.edges ?? [];
  return edges.slice(0, -1).map((low) => `≥ ${formatValue(low)}`);
}

/** Reference shares as bars, current shares as a line over them, in % of each side's rows. */
export function histogramChart(name: string, figures: FeatureFigures): string {
  const h = figures.histogram;
  const reference = h.reference.map((s) => s * 100);
  const current = h.current.map((s) => s * 100);
  const range = axisRange([0, ...reference, ...current], 10, { min: 0, max: 100 });
  return mermaidXyChart({
    title: `${name}: reference (${SERIES_COLOUR_NAMES[0]} bars) vs current (${SERIES_COLOUR_NAMES[1]} line), % of rows`,
    x: { labels: histogramLabels(figures) },
    y: { name: "% of rows", min: 0, max: Math.ceil(range.max) },
    series: [
      { kind: "bar", values: reference },
      { kind: "line", values: current },
    ],
    decimals: 1,
  });
}

/** One section per drifted feature (the largest scores first): score, meaning, figures, histogram. */
export function driftedSections(report: DriftReport): string {
  const drifted = report.drifted_features
    .map((name) => [name, report.features[name]] as const)
    .filter((entry): entry is readonly [string, FeatureDrift] => entry[1] !== undefined);
  const shown = drifted.slice(0, MAX_FEATURES_DETAILED);
  const sections = shown.map(([name, f]) => {
    const score = f.score === null ? "no score" : `${METHOD_NAMES[f.method]} ${formatStatistic(f.score)} (${rule(f)})`;
    const lines = [
      `### ${code(name)}: ${score}`,
      "",
      `<sub>${METHOD_NAMES[f.method]}: ${METHOD_MEANING[f.method]}.</sub>`,
    ];
    if (f.missing.drifted) {
      lines.push(
        "",
        `The share of missing values moved from ${formatPercent(f.missing.reference)} to ${formatPercent(f.missing.current)}.`,
      );
    }
    if (f.figures) {
      const table = f.figures.histogram.categories ? categoryTable(f.figures, f) : numericTable(f.figures, f);
      if (table) lines.push("", table);
      lines.push("", histogramChart(name, f.figures));
    }
    return lines.join("\n");
  });
  if (drifted.length > shown.length) {
    sections.push(`${drifted.length - shown.length} more drifted features are in the table of all features.`);
  }
  return sections.join("\n\n");
}

/** The x-axis label of a run: its date and time (UTC), short. */
function runLabel(run: DriftRun): string {
  const match = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(run.at);
  return match ? `${match[1]}-${match[2]} ${match[3]}:${match[4]}` : run.at.slice(0, 16);
}

/** A mermaid line chart of the share of drifted features over the runs in the history. */
export function historyChart(history: readonly DriftRun[]): string {
  if (history.length < 2) return "";
  return mermaidXyChart({
    title: "Share of drifted features per run (%)",
    x: { labels: history.map(runLabel) },
    y: { name: "% of features", min: 0, max: 100 },
    series: [{ kind: "line", values: history.map((run) => run.share * 100) }],
    decimals: 1,
  });
}

/** Every run kept in the issue, newest first, with the features that drifted in it. */
export function historyTable(history: readonly DriftRun[]): string {
  const rows = [...history].reverse().map((run) => {
    const when = run.url ? `[${runLabel(run)}](${run.url})` : runLabel(run);
    const features = Object.entries(run.features)
      .map(([name, score]) => `${escapeCodeCell(name, MAX_NAME_CHARS)} ${formatStatistic(score)}`)
      .join(", ");
    return `| ${when} | ${run.drifted ? "**drift**" : "clean"} | ${formatPercent(run.share)} | ${features || "—"} |`;
  });
  return [
    "| Run (UTC) | Result | Drifted share | Drifted features (score) |",
    "| --- | --- | ---: | --- |",
    ...rows,
  ].join("\n");
}

function nextSteps(model: string, report: DriftReport): string {
  const reference = /@|production|staging/.test(report.reference.source) ? "production" : report.reference.source;
  const command = `mlci drift --reference ${shellWord(reference)} --current ${shellWord(report.current.source)} --model-name ${shellWord(model)}`;
  return [
    "### Next steps",
    "",
    "1. Compare the figures above with what you know of the data: a unit, encoding or pipeline change upstream is a data bug; fix it at the source and the next run comes back clean.",
    `2. Reproduce it locally: ${escapeCode(command, 2 * MAX_PATH_CHARS)}`,
    `3. If the world really changed: retrain on recent data (${code("mlci train")}), open a pull request and let ${code("mlci evaluate --baseline production")} compare it with the deployed model.`,
    `4. A feature that moves by design (a date, a counter): set ${code("drift: { columns: { NAME: { ignore: true } } }")} in mlci.yml.`,
  ].join("\n");
}

/** A reason lists feature names; long lists are cut (the table has every feature). */
const MAX_REASON_CHARS = 2 * MAX_PATH_CHARS;

/**
 * drift.json's `reasons`, one item per rule that fired (the share, a severe feature, a critical one,
 * predictions, performance): a run failed by one broken feature must say so, not only the share.
 * The sentences name features from the data, so they are escaped.
 */
function whyFailed(report: DriftReport): string[] {
  if (!report.drifted || report.reasons.length === 0) return [];
  return ["Why this failed:", "", ...report.reasons.map((reason) => `- ${escapeText(reason, MAX_REASON_CHARS)}`), ""];
}

export function issueBody(model: string, marker: string, report: DriftReport, state: DriftIssueState): string {
  const last = state.history.at(-1);
  const tested = Object.keys(report.features).length;
  const reasons = [
    report.share >= report.share_threshold && tested > 0
      ? `${driftedList(report)}; the limit is ${formatLimitPercent(report.share_threshold)}`
      : "",
    Object.values(report.prediction ?? {}).some((f) => f.drifted) ? "the predictions" : "",
    report.performance?.drifted
      ? `performance (${report.performance.metric} ${formatStatistic(report.performance.reference)} → ${formatStatistic(report.performance.current)})`
      : "",
  ].filter(Boolean);
  const status = report.drifted
    ? `**Drift**${reasons.length > 0 ? `: ${reasons.join("; ")}` : ""}.`
    : `Latest run clean (${state.clean_runs} consecutive clean runs); the history below keeps the runs that drifted.`;
  const chart = historyChart(state.history);
  const compared = `Reference: ${escapeCode(report.reference.source, MAX_PATH_CHARS)} (${formatCount(report.reference.rows)} rows) · current: ${escapeCode(report.current.source, MAX_PATH_CHARS)} (${formatCount(report.current.rows)} rows)${last?.url ? ` · [latest run](${last.url})` : ""}`;
  return [
    marker,
    `## Drift of ${code(model)}`,
    "",
    status,
    "",
    ...whyFailed(report),
    compared,
    "",
    ...(report.drifted ? [driftedSections(report), ""] : []),
    details(`All features (${tested})`, summaryTable(report)),
    "",
    ...(report.drifted ? [nextSteps(model, report), ""] : []),
    "### History",
    "",
    ...(chart ? [chart, ""] : []),
    historyTable(state.history),
    "",
    `_Written by ${code("mlci drift --open-issue")}; this issue closes itself after consecutive clean runs, and each run also leaves a comment with its figures._`,
    writeState(state),
  ].join("\n");
}
