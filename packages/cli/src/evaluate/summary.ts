import type { Evaluation } from "@mlci/core/evaluation/types.js";
import { metricKeys } from "@mlci/core/metrics/names.js";

const fmt = (v: number | null | undefined): string => (v === null || v === undefined ? "-" : v.toFixed(4));

/** A few lines on stdout: the metrics side by side with the bootstrap interval, gates, regressed slices. */
export function renderSummary(evaluation: Evaluation, out: string, elapsedMs: number): string {
  const head = evaluation.head.metrics;
  const names = metricKeys(head);
  const width = Math.max(...names.map((n) => n.length), 6);
  const deltas = evaluation.comparison?.deltas;
  const lines = [
    `${evaluation.name}: ${evaluation.task} on ${evaluation.data.rows.toLocaleString("en-US")} rows of ${evaluation.data.path} (${(elapsedMs / 1000).toFixed(1)} s)`,
    `  ${"metric".padEnd(width)}  ${"head".padStart(8)}${evaluation.baseline ? `  ${"baseline".padStart(8)}  ${"delta".padStart(8)}  95% interval          verdict` : ""}`,
  ];
  for (const name of names) {
    let row = `  ${name.padEnd(width)}  ${fmt(head[name]).padStart(8)}`;
    if (evaluation.baseline) {
      const d = deltas?.[name];
      const interval = d && d.ci_low !== null ? `[${fmt(d.ci_low)}, ${fmt(d.ci_high)}]` : "-";
      row += `  ${fmt(evaluation.baseline.metrics[name]).padStart(8)}  ${fmt(d?.delta).padStart(8)}  ${interval.padEnd(20)}  ${d?.verdict ?? ""}`;
    }
    lines.push(row.trimEnd());
  }
  const regressed = evaluation.slices.filter((s) => s.regressed);
  if (evaluation.slices.length > 0) {
    lines.push(
      `slices: ${evaluation.slices.length} segments, ${regressed.length} regressed${regressed.length > 0 ? `: ${regressed.map((s) => `${s.column}=${s.segment}`).join(", ")}` : ""}`,
    );
  }
  if (evaluation.gates.length === 0) lines.push("gates: none configured");
  for (const gate of evaluation.gates) lines.push(`gate ${gate.passed ? "passed" : "FAILED"}: ${gate.reason}`);
  lines.push(`wrote ${out}`);
  return `${lines.join("\n")}\n`;
}
