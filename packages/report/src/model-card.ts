import { shellWord } from "@mlci/core/format/shell-word.js";
import type { ReleaseRecord } from "@mlci/core/release/release-record.js";
import { markdownTable } from "markdown-table";
import { escapeCode, escapeCodeCell, escapeText, MAX_MESSAGE_CHARS, MAX_NAME_CHARS, MAX_PATH_CHARS } from "./escape.js";
import {
  cell,
  formatBytes,
  formatCount,
  formatFixed,
  formatInterval,
  formatMs,
  formatSeconds,
  metricDecimals,
} from "./format.js";
import { gateName, limitText, observedText, resultCell } from "./gates-section.js";

/** What the model registry says about the version when the card is rendered (stages move later). */
export interface CardRegistryState {
  /** The stages the version is on (production, staging); none for a version just released. */
  readonly stages: readonly string[];
  /** The version on production, when one is. */
  readonly production?: string | undefined;
}

/**
 * The model card of a version: the body of its GitHub release and MODEL_CARD.md in the local
 * registry. Rendered from release.json alone, so a card can be re-rendered for any old version.
 * Sections follow "Model Cards for Model Reporting" (Mitchell et al., 2019) as far as CI knows them:
 * intended use and limitations (written by people in mlci.yml), metrics, data, and how it was made.
 */
export function renderModelCard(record: ReleaseRecord, registry?: CardRegistryState): string {
  const sections = [
    header(record, registry),
    words("Intended use", record.card.intended_use),
    words("Limitations", record.card.limitations),
    metrics(record),
    gates(record),
    slices(record),
    model(record),
    data(record),
    lineage(record),
    assets(record),
    download(record),
  ];
  return `${sections.filter((s) => s !== undefined).join("\n\n")}\n`;
}

function header(record: ReleaseRecord, registry: CardRegistryState | undefined): string {
  const lines = [`# ${escapeText(record.name, MAX_NAME_CHARS)} ${escapeText(record.version, MAX_NAME_CHARS)}`, ""];
  const previous = record.previous ? ` · previous ${escapeCode(record.previous.tag)}` : " · first version";
  lines.push(
    `Tag ${escapeCode(record.tag)} · released from commit ${escapeCode(record.commit.slice(0, 12))} · ${escapeText(record.created_at)}${previous}`,
  );
  lines.push("", `**Version**: ${versionWords(record)}`);
  if (registry) lines.push("", `**Stage**: ${stageWords(record, registry)}`);
  return lines.join("\n");
}

/**
 * The stage as the registry had it when the card was rendered, and how to see it now: promotions
 * happen after the release, and the release body is not rewritten then.
 */
function stageWords(record: ReleaseRecord, registry: CardRegistryState): string {
  const reference = `${record.name}@v${record.version}`;
  const now = `; now: \`npx mlci models show ${shellWord(reference)}\``;
  if (registry.stages.length > 0)
    return `${registry.stages.map((s) => escapeText(s)).join(" and ")}, when this card was written${now}`;
  const production = registry.production
    ? `production is ${escapeCode(registry.production, MAX_NAME_CHARS)}`
    : "nothing is on production yet";
  return `candidate, on no stage when this card was written (${production}); deploy it with \`npx mlci promote ${shellWord(reference)} --stage production\`${now}`;
}

/** Why this version number, in words: who chose it and from what. */
function versionWords(record: ReleaseRecord): string {
  const reasons = record.bump.reasons.map((r) => escapeText(r, MAX_MESSAGE_CHARS)).join("; ");
  const because = reasons ? `: ${reasons}` : "";
  switch (record.bump.level) {
    case "first":
      return `the first release of this model${because}`;
    case "explicit":
      return `set by hand with --version${because}`;
    default:
      return `${record.bump.level} bump, ${record.bump.source === "label" ? "set by a release label on the pull request" : "chosen from the evaluation"}${because}`;
  }
}

function words(title: string, text: string | undefined): string {
  const body =
    text?.trim() ||
    `_Not written yet: add \`card: { ${title.toLowerCase().replace(" ", "_")}: ... }\` to this model in mlci.yml._`;
  return `## ${title}\n\n${body}`;
}

function metrics(record: ReleaseRecord): string {
  const evaluation = record.evaluation;
  if (!evaluation) return "## Metrics\n\n_No evaluation.json was released with this version._";
  const intro: string[] = [];
  if (evaluation.data) {
    const rows = evaluation.data.rows !== undefined ? ` (${formatCount(evaluation.data.rows)} rows)` : "";
    const target = evaluation.target ? `, target ${escapeCode(evaluation.target, MAX_NAME_CHARS)}` : "";
    intro.push(
      `Evaluated on the test data ${escapeCode(evaluation.data.path, MAX_PATH_CHARS)}${rows}${target}${evaluation.task ? `, ${escapeText(evaluation.task)} task` : ""}.`,
    );
  }
  const confidence = Math.round((evaluation.confidence ?? 0.95) * 100);
  if (evaluation.baseline) {
    intro.push(
      `Intervals: ${confidence}% paired-bootstrap interval of the difference from ${baselineWords(evaluation.baseline)}, on the same rows.`,
    );
  }
  if (evaluation.gates_passed !== undefined && evaluation.gates === undefined)
    intro.push(`Quality gates: ${evaluation.gates_passed ? "all passed" : "**failed**"}.`);
  if (evaluation.latency_ms_p95 !== undefined)
    intro.push(`Inference latency p95: ${formatMs(evaluation.latency_ms_p95)}.`);
  const previous = record.previous?.version;
  const header = ["Metric", "Value", previous ? `Previous (${escapeText(previous)})` : "Previous", "Change"];
  if (evaluation.baseline) header.push(`vs ${escapeText(evaluation.baseline)} (${confidence}% interval)`, "Verdict");
  const rows = Object.entries(evaluation.metrics).map(([name, m]) => {
    const row = [escapeText(name, MAX_NAME_CHARS), num(m.value), num(m.previous), change(m.value, m.previous)];
    if (evaluation.baseline) {
      const interval = m.ci_low != null && m.ci_high != null ? ` [${signed(m.ci_low)}, ${signed(m.ci_high)}]` : "";
      row.push(m.delta != null ? `${signed(m.delta)}${interval}` : "n/a", verdict(m));
    }
    return row;
  });
  const table =
    rows.length > 0
      ? markdownTable([header, ...rows], { align: ["l", ...header.slice(1).map(() => "r" as const)] })
      : "_No metrics._";
  return ["## Metrics", intro.join(" "), table].filter((s) => s !== "").join("\n\n");
}

/** The gates of mlci.yml as the evaluation judged them: each with its limit, what was seen, the verdict. */
function gates(record: ReleaseRecord): string | undefined {
  const list = record.evaluation?.gates;
  if (!list) return undefined;
  if (list.length === 0) return "## Gates\n\n_No gates: mlci.yml sets none for this model._";
  const failed = list.filter((g) => !g.passed).length;
  const summary =
    failed > 0
      ? `**${failed} of ${list.length} gates failed** on the evaluation this version was released with.`
      : `All ${list.length} gates passed on the evaluation this version was released with.`;
  const rows = list.map((g) => [resultCell(g), gateName(g), limitText(g), observedText(undefined, g)]);
  const table = markdownTable([["Result", "Gate", "Limit", "Observed"], ...rows], { align: ["l", "l", "l", "r"] });
  return ["## Gates", summary, table].join("\n\n");
}

/** The segments that got significantly worse than the baseline, each on its worst metric. */
function slices(record: ReleaseRecord): string | undefined {
  const evaluation = record.evaluation;
  const summary = evaluation?.slices;
  if (!evaluation || !summary) return undefined;
  const segments = `${formatCount(summary.compared)} ${summary.compared === 1 ? "segment" : "segments"}`;
  if (!evaluation.baseline) return `## Slices\n\n${segments} evaluated; with no baseline none was compared.`;
  const baseline = escapeCode(evaluation.baseline, MAX_NAME_CHARS);
  if (summary.regressed === 0)
    return `## Slices\n\nNo segment is significantly worse than ${baseline} (${segments} compared).`;
  const confidence = Math.round((evaluation.confidence ?? 0.95) * 100);
  const rows = summary.worst.map((s) => {
    const decimals = metricDecimals(s.metric, [s.baseline, s.head]);
    return [
      cell(`${s.column}=${s.segment}`),
      formatCount(s.rows),
      cell(s.metric),
      formatFixed(s.baseline, decimals),
      formatFixed(s.head, decimals),
      formatFixed(s.delta, decimals, { signed: true }),
      formatInterval(s.ci_low, s.ci_high, decimals),
    ];
  });
  const header = [
    "Segment",
    "Rows",
    "Worst metric",
    escapeText(evaluation.baseline, MAX_NAME_CHARS),
    "This version",
    "Δ",
    `${confidence}% interval`,
  ];
  const table = markdownTable([header, ...rows], { align: ["l", "r", "l", "r", "r", "r", "r"] });
  const more =
    summary.regressed > summary.worst.length
      ? `\n\n${formatCount(summary.regressed - summary.worst.length)} more in the attached evaluation.json.`
      : "";
  return `## Slices\n\n**${formatCount(summary.regressed)} of ${segments} significantly worse** than ${baseline}, each on its worst metric:\n\n${table}${more}`;
}

/**
 * The baseline as release.json names it: a version of this model when its hash matched one (then the
 * version production held, as the release workflow evaluates against it), else the model file.
 */
function baselineWords(baseline: string): string {
  return /^\d+\.\d+\.\d+/.test(baseline)
    ? `version ${escapeCode(baseline, MAX_NAME_CHARS)} (production when this was released)`
    : `the baseline model ${escapeCode(baseline, MAX_PATH_CHARS)} (not a released version of this model)`;
}

function verdict(m: { significant?: boolean; verdict?: string }): string {
  if (m.verdict === undefined) return "";
  const mark = m.verdict === "better" ? "better" : m.verdict === "worse" ? "**worse**" : "same";
  return m.significant ? `${mark} (significant)` : mark;
}

function model(record: ReleaseRecord): string {
  const m = record.model;
  const lines = [
    "## Model",
    "",
    `${escapeCode(m.asset, MAX_PATH_CHARS)} (from ${escapeCode(m.path, MAX_PATH_CHARS)}) · ${formatBytes(m.size_bytes)} · sha256 ${escapeCode(m.sha256, 64)}`,
  ];
  const signature = m.signature;
  if (signature) {
    const rows = [
      ...signature.inputs.map((t) => ["input", escapeText(t.name, MAX_NAME_CHARS), escapeText(t.type), shape(t.shape)]),
      ...signature.outputs.map((t) => [
        "output",
        escapeText(t.name, MAX_NAME_CHARS),
        escapeText(t.type),
        shape(t.shape),
      ]),
    ];
    lines.push("", markdownTable([["", "Name", "Type", "Shape"], ...rows]));
    if (signature.features)
      lines.push(
        "",
        `Feature columns, in tensor order: ${signature.features.map((f) => escapeCode(f, MAX_NAME_CHARS)).join(", ")}.`,
      );
  } else {
    lines.push("", "_Signature unknown: the model is not ONNX or could not be read._");
  }
  return lines.join("\n");
}

/** Training inputs and the test data apart: lineage.json lists every file the training read. */
function data(record: ReleaseRecord): string {
  const parts = ["## Data"];
  const testPath = record.evaluation?.data?.path;
  if (record.data.length > 0) {
    parts.push(
      "Files the training command read (fingerprints from lineage.json):",
      markdownTable([
        ["Role", "Path", "sha256", "Size"],
        ...record.data.map((d) => [
          d.path === testPath ? "test data (also used by the evaluation)" : "training input",
          escapeCodeCell(d.path, MAX_PATH_CHARS),
          escapeCodeCell(`${d.sha256.slice(0, 16)}…`),
          d.bytes !== undefined ? formatBytes(d.bytes) : "",
        ]),
      ]),
    );
  } else {
    parts.push("_No training data fingerprints (no lineage.json was released)._");
  }
  if (testPath && !record.data.some((d) => d.path === testPath)) {
    parts.push(`Test data: ${escapeCode(testPath, MAX_PATH_CHARS)} (see Metrics).`);
  }
  if (record.profile) {
    const p = record.profile;
    const columns = Object.entries(p.columns);
    parts.push(
      `Reference profile${p.source ? ` of ${escapeCode(p.source, MAX_PATH_CHARS)}` : ""}: ${formatCount(p.rows)} rows, ${formatCount(columns.length)} columns (attached as the drift reference).`,
      markdownTable([
        ["Column", "Type", "Missing"],
        ...columns.map(([name, c]) => [
          escapeCodeCell(name, MAX_NAME_CHARS),
          escapeText(c.type),
          c.missing !== undefined ? formatCount(c.missing) : "",
        ]),
      ]),
    );
  }
  if (record.contract)
    parts.push(
      `Data contract: ${escapeCode(record.contract.path, MAX_PATH_CHARS)} (sha256 ${escapeCode(`${record.contract.sha256.slice(0, 16)}…`)}).`,
    );
  return parts.join("\n\n");
}

/** The repository's web address, from the workflow run's link (…/OWNER/REPO/actions/runs/N). */
function repositoryUrl(runUrl: string | undefined): string | undefined {
  const match = runUrl ? /^(https:\/\/[^/\s]+\/[^/\s]+\/[^/\s]+)\/actions\/runs\/\d+/.exec(runUrl) : null;
  return match?.[1];
}

function lineage(record: ReleaseRecord): string | undefined {
  const l = record.lineage;
  if (!l) return undefined;
  const repo = repositoryUrl(l.run_url);
  const lines = ["## Lineage", ""];
  if (l.commit)
    lines.push(
      `- Trained at commit ${escapeCode(l.commit.slice(0, 12))}${l.branch ? ` on ${escapeCode(l.branch, MAX_NAME_CHARS)}` : ""}${l.commit === record.commit ? " (the commit this version was released from)" : ` (released from ${escapeCode(record.commit.slice(0, 12))})`}`,
    );
  if (l.pr !== undefined) lines.push(`- Pull request ${repo ? `[#${l.pr}](${repo}/pull/${l.pr})` : `#${l.pr}`}`);
  if (l.run_url && repo) lines.push(`- [Workflow run](${l.run_url})`);
  if (l.command) lines.push(`- Command: ${escapeCode(l.command.join(" "), MAX_MESSAGE_CHARS)}`);
  if (l.started_at)
    lines.push(
      `- Started ${escapeText(l.started_at)}${l.duration_ms !== undefined ? `, took ${formatSeconds(l.duration_ms / 1000)}` : ""}`,
    );
  const params = Object.entries(l.params ?? {});
  if (params.length > 0) {
    lines.push(
      "",
      markdownTable([
        ["Parameter", "Value"],
        ...params.map(([k, v]) => [
          escapeCodeCell(k, MAX_NAME_CHARS),
          escapeCodeCell(JSON.stringify(v), MAX_MESSAGE_CHARS),
        ]),
      ]),
    );
  }
  return lines.join("\n");
}

function assets(record: ReleaseRecord): string {
  return [
    "## Assets",
    "",
    markdownTable([
      ["Asset", "Kind", "Size", "sha256"],
      ...record.assets.map((a) => [
        escapeCodeCell(a.name, MAX_PATH_CHARS),
        a.kind,
        formatBytes(a.size_bytes),
        escapeCodeCell(`${a.sha256.slice(0, 16)}…`),
      ]),
      ["`release.json`", "record", "", "this card's source"],
    ]),
  ].join("\n");
}

/** How to get the model: GitHub's CLI for the release asset, mlci for the stage's current version. */
function download(record: ReleaseRecord): string {
  const commands = [
    `gh release download ${shellWord(record.tag)} --pattern ${shellWord(record.model.asset)}`,
    `npx mlci evaluate --baseline ${shellWord(`${record.name}@${record.version}`)}   # compare a change with this version`,
  ].join("\n");
  const fence = "`".repeat(Math.max(3, ...(commands.match(/`+/g) ?? []).map((r) => r.length + 1)));
  return ["## Download", "", `${fence}sh`, commands, fence].join("\n");
}

/** Metric values: 4 decimals (as the PR report), so a column of numbers lines up. */
function num(x: number | null | undefined): string {
  if (x === null || x === undefined) return "";
  return formatFixed(x, Math.abs(x) >= 1000 ? 1 : 4);
}

function signed(x: number): string {
  return formatFixed(x, Math.abs(x) >= 1000 ? 1 : 4, { signed: true });
}

function change(value: number | null | undefined, previous: number | null | undefined): string {
  if (value == null || previous == null) return "";
  return signed(value - previous);
}

function shape(s: ReadonlyArray<number | string> | null): string {
  return s === null ? "?" : escapeText(`[${s.join(", ")}]`);
}
