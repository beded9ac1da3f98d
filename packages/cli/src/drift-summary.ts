import type { DriftReport } from "@mlci/core/drift/drift-file.js";
import { formatCount, formatLimit, formatPercent, formatStatistic } from "@mlci/core/format/numbers.js";

/** The terminal view of a drift report: one line per feature, the verdict last. */
export function formatDriftSummary(report: DriftReport): string {
  const lines = [
    `drift: ${report.current.source} (${formatCount(report.current.rows)} rows) vs ${report.reference.source} (${formatCount(report.reference.rows)} rows)`,
  ];
  const rows = Object.entries(report.features).map(([name, f]) => [
    f.severe ? "SEVERE" : f.drifted ? "DRIFT" : "ok",
    name,
    f.method,
    f.score === null ? "-" : formatNumber(f.score),
    `${f.method === "ks" || f.method === "chi_square" ? "p<" : ">="}${formatLimit(f.threshold)}`,
    f.missing.drifted ? `missing ${formatShare(f.missing.reference)} -> ${formatShare(f.missing.current)}` : "",
  ]);
  const widths = rows.reduce((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), [] as number[]);
  for (const row of rows)
    lines.push(
      `  ${row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd()}`,
    );
  for (const s of report.skipped) lines.push(`  skip   ${s.column}: ${s.reason}`);
  for (const [name, f] of Object.entries(report.prediction ?? {})) {
    lines.push(
      `  ${f.drifted ? "DRIFT" : "ok"}  prediction ${name}: ${f.method} ${f.score === null ? "-" : formatNumber(f.score)} (threshold ${f.threshold})`,
    );
  }
  const p = report.performance;
  if (p) {
    const rule = p.metric === "accuracy" ? `drop >= ${p.threshold}` : `increase >= ${100 * p.threshold}%`;
    lines.push(
      `  ${p.drifted ? "DRIFT" : "ok"}  performance ${p.metric}: ${formatNumber(p.reference)} -> ${formatNumber(p.current)} (${rule})`,
    );
  }
  const tested = Object.keys(report.features).length;
  const reasons = [
    report.share >= report.share_threshold && tested > 0 ? "features" : "",
    report.severe_features.length > 0 ? "severe" : "",
    report.critical_features.length > 0 ? "critical" : "",
    Object.values(report.prediction ?? {}).some((f) => f.drifted) ? "predictions" : "",
    report.performance?.drifted ? "performance" : "",
  ].filter(Boolean);
  const verdict = report.drifted ? `DATASET DRIFT (${reasons.join(", ")})` : "no dataset drift";
  lines.push(
    `${verdict}: ${report.drifted_features.length} of ${tested} features drifted (share ${formatShare(report.share)}, threshold ${formatShare(report.share_threshold)})`,
  );
  for (const reason of report.reasons) lines.push(`  fails: ${reason}`);
  return `${lines.join("\n")}\n`;
}

const formatNumber = formatStatistic;

function formatShare(value: number): string {
  return formatPercent(value);
}
