import { shellWord } from "@mlci/core/format/shell-word.js";
import type { ReleaseRecord } from "@mlci/core/release/release-record.js";
import { markdownTable } from "markdown-table";
import { escapeCode, escapeCodeCell, escapeText, MAX_MESSAGE_CHARS, MAX_NAME_CHARS, MAX_PATH_CHARS } from "./escape.js";
import { formatBytes, formatCount, formatFixed, formatMs, formatSeconds } from "./format.js";

/**
 * The model card of a version: the body of its GitHub release and MODEL_CARD.md in the local
 * registry. Rendered from release.json alone, so a card can be re-rendered for any old version.
 * Sections follow "Model Cards for Model Reporting" (Mitchell et al., 2019) as far as CI knows them:
 * intended use and limitations (written by people in mlci.yml), metrics, data, and how it was made.
 */
export function renderModelCard(record: ReleaseRecord): string {
  const sections = [
    header(record),
    words("Intended use", record.card.intended_use),
    words("Limitations", record.card.limitations),
    metrics(record),
    model(record),
    data(record),
    lineage(record),
    assets(record),
    download(record),
  ];
  return `${sections.filter((s) => s !== undefined).join("\n\n")}\n`;
}

function header(record: ReleaseRecord): string {
  const lines = [`# ${escapeText(record.name, MAX_NAME_CHARS)} ${escapeText(record.version, MAX_NAME_CHARS)}`, ""];
  const previous = record.previous ? ` · previous ${escapeCode(record.previous.tag)}` : " · first version";
  lines.push(
    `Tag ${escapeCode(record.tag)} · released from commit ${escapeCode(record.commit.slice(0, 12))} · ${escapeText(record.created_at)}${previous}`,
  );
  lines.push("", `**Version**: ${versionWords(record)}`);
  return lines.join("\n");
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
      `Intervals: ${confidence}% paired-bootstrap interval of the difference from version ${escapeCode(evaluation.baseline)} (production when this was released), on the same rows.`,
    );
  }
  if (evaluation.gates_passed !== undefined)
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
