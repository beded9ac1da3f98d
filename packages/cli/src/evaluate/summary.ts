import type { Evaluation } from "./assemble.js";

/** A few lines on stdout: the metrics side by side, the gates, where the file went. */
export function renderSummary(evaluation: Evaluation, out: string, elapsedMs: number): string {
  const head = evaluation.head.metrics as Record<string, number | null | undefined>;
  const baseline = evaluation.baseline?.metrics as Record<string, number | null | undefined> | undefined;
  const names = Object.keys(head);
  const width = Math.max(...names.map((n) => n.length), 6);
  const fmt = (v: number | null | undefined): string => (v === null || v === undefined ? "-" : v.toFixed(4));
  const lines = [
    `${evaluation.name}: ${evaluation.task} on ${evaluation.data.rows.toLocaleString("en-US")} rows of ${evaluation.data.path} (${(elapsedMs / 1000).toFixed(1)} s)`,
    `  ${"metric".padEnd(width)}  ${"head".padStart(10)}${baseline ? `  ${"baseline".padStart(10)}  ${"delta".padStart(10)}` : ""}`,
  ];
  for (const name of names) {
    const h = head[name];
    const b = baseline?.[name];
    const delta = typeof h === "number" && typeof b === "number" ? h - b : null;
    lines.push(
      `  ${name.padEnd(width)}  ${fmt(h).padStart(10)}${baseline ? `  ${fmt(b).padStart(10)}  ${fmt(delta).padStart(10)}` : ""}`,
    );
  }
  const failed = evaluation.gates.filter((g) => !g.passed);
  lines.push(
    evaluation.gates.length === 0
      ? "gates: none configured"
      : `gates: ${evaluation.gates.length - failed.length}/${evaluation.gates.length} passed`,
  );
  lines.push(`wrote ${out}`);
  return `${lines.join("\n")}\n`;
}
