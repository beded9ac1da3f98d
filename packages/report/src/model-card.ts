import type { ReleaseRecord } from "@mlci/core/release/release-record.js";
import { markdownTable } from "markdown-table";
import {
  escapeCode as code,
  escapeCodeCell as codeCell,
  MAX_MESSAGE_CHARS,
  MAX_NAME_CHARS,
  escapeText as text,
} from "./escape.js";

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
  ];
  return `${sections.filter((s) => s !== undefined).join("\n\n")}\n`;
}

function header(record: ReleaseRecord): string {
  const lines = [`# ${text(record.name)} ${text(record.version)}`, ""];
  const previous = record.previous ? ` · previous ${code(record.previous.tag)}` : " · first version";
  lines.push(
    `Tag ${code(record.tag)} · commit ${code(record.commit.slice(0, 12))} · ${text(record.created_at)}${previous}`,
  );
  const how =
    record.bump.level === "explicit" || record.bump.level === "first" ? record.bump.level : `${record.bump.level} bump`;
  lines.push(
    "",
    `**Version**: ${how} (${record.bump.source}): ${record.bump.reasons.map((r) => text(r, MAX_MESSAGE_CHARS)).join("; ")}`,
  );
  return lines.join("\n");
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
    const rows = evaluation.data.rows !== undefined ? ` (${evaluation.data.rows.toLocaleString("en-US")} rows)` : "";
    const target = evaluation.target ? `, target ${code(evaluation.target)}` : "";
    intro.push(
      `Evaluated on ${code(evaluation.data.path)}${rows}${target}${evaluation.task ? `, ${text(evaluation.task)} task` : ""}.`,
    );
  }
  const confidence = Math.round((evaluation.confidence ?? 0.95) * 100);
  if (evaluation.baseline) {
    intro.push(
      `Intervals: ${confidence}% paired-bootstrap interval of the difference from the baseline ${code(evaluation.baseline)} on the same rows.`,
    );
  }
  if (evaluation.gates_passed !== undefined)
    intro.push(`Quality gates: ${evaluation.gates_passed ? "passed" : "**failed**"}.`);
  const previous = record.previous?.version;
  const header = ["Metric", "Value", previous ? `Previous (${text(previous)})` : "Previous", "Change"];
  if (evaluation.baseline) header.push(`vs baseline (${confidence}% CI)`, "Verdict");
  const rows = Object.entries(evaluation.metrics).map(([name, m]) => {
    const row = [text(name), num(m.value), num(m.previous), change(m.value, m.previous)];
    if (evaluation.baseline) {
      const interval = m.ci_low != null && m.ci_high != null ? ` [${signed(m.ci_low)}, ${signed(m.ci_high)}]` : "";
      row.push(m.delta != null ? `${signed(m.delta)}${interval}` : "n/a", verdict(m));
    }
    return row;
  });
  if (evaluation.latency_ms_p95 !== undefined) {
    intro.push(`Inference latency p95: ${Number(evaluation.latency_ms_p95.toPrecision(3))} ms.`);
  }
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
  const lines = ["## Model", "", `${code(m.asset)} · ${bytes(m.size_bytes)} · sha256 ${code(m.sha256)}`];
  const signature = m.signature;
  if (signature) {
    const rows = [
      ...signature.inputs.map((t) => ["input", text(t.name), text(t.type), text(shape(t.shape))]),
      ...signature.outputs.map((t) => ["output", text(t.name), text(t.type), text(shape(t.shape))]),
    ];
    lines.push("", markdownTable([["", "Name", "Type", "Shape"], ...rows]));
    if (signature.features)
      lines.push(
        "",
        `Feature columns, in tensor order: ${signature.features.map((f) => code(f, MAX_NAME_CHARS)).join(", ")}.`,
      );
  } else {
    lines.push("", "_Signature unknown: the model is not ONNX or could not be read._");
  }
  return lines.join("\n");
}

function data(record: ReleaseRecord): string {
  const parts = ["## Data"];
  if (record.data.length > 0) {
    parts.push(
      "Training data fingerprints (from lineage.json):",
      markdownTable([
        ["Path", "sha256", "Size"],
        ...record.data.map((d) => [
          codeCell(d.path),
          codeCell(`${d.sha256.slice(0, 16)}…`),
          d.bytes !== undefined ? bytes(d.bytes) : "",
        ]),
      ]),
    );
  } else {
    parts.push("_No training data fingerprints (no lineage.json was released)._");
  }
  if (record.profile) {
    const p = record.profile;
    const columns = Object.entries(p.columns);
    parts.push(
      `Reference profile${p.source ? ` of ${code(p.source)}` : ""}: ${p.rows.toLocaleString("en-US")} rows, ${columns.length} columns (attached as the drift reference).`,
      markdownTable([
        ["Column", "Type", "Missing"],
        ...columns.map(([name, c]) => [
          codeCell(name, MAX_NAME_CHARS),
          text(c.type),
          c.missing !== undefined ? String(c.missing) : "",
        ]),
      ]),
    );
  }
  if (record.contract)
    parts.push(
      `Data contract: ${code(record.contract.path)} (sha256 ${code(`${record.contract.sha256.slice(0, 16)}…`)}).`,
    );
  return parts.join("\n\n");
}

function lineage(record: ReleaseRecord): string | undefined {
  const l = record.lineage;
  if (!l) return undefined;
  const lines = ["## Lineage", ""];
  if (l.commit)
    lines.push(`- Trained at commit ${code(l.commit.slice(0, 12))}${l.branch ? ` on ${code(l.branch)}` : ""}`);
  if (l.pr !== undefined) lines.push(`- Pull request #${l.pr}`);
  if (l.run_url) lines.push(`- Workflow run: ${code(l.run_url)}`);
  if (l.command) lines.push(`- Command: ${code(l.command.join(" "))}`);
  if (l.started_at)
    lines.push(
      `- Started ${text(l.started_at)}${l.duration_ms !== undefined ? `, took ${(l.duration_ms / 1000).toFixed(1)} s` : ""}`,
    );
  const params = Object.entries(l.params ?? {});
  if (params.length > 0) {
    lines.push(
      "",
      markdownTable([
        ["Parameter", "Value"],
        ...params.map(([k, v]) => [codeCell(k, MAX_NAME_CHARS), codeCell(JSON.stringify(v))]),
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
        codeCell(a.name),
        a.kind,
        bytes(a.size_bytes),
        codeCell(`${a.sha256.slice(0, 16)}…`),
      ]),
      ["`release.json`", "record", "", "this card's source"],
    ]),
  ].join("\n");
}

/** Metric values: 4 decimals (as `mlci evaluate` prints them), so a column of numbers lines up. */
function num(x: number | null | undefined): string {
  if (x === null || x === undefined) return "";
  return Math.abs(x) >= 1000 ? x.toFixed(1) : x.toFixed(4);
}

function signed(x: number): string {
  return `${x >= 0 ? "+" : "−"}${num(Math.abs(x))}`;
}

function change(value: number | null | undefined, previous: number | null | undefined): string {
  if (value == null || previous == null) return "";
  return signed(value - previous);
}

function shape(s: ReadonlyArray<number | string> | null): string {
  return s === null ? "?" : `[${s.join(", ")}]`;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
