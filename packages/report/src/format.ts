/**
 * Cell and code formatting of the report. Numbers come from core's one formatter (format/numbers.ts),
 * re-exported here so that every report section and the CLI format numbers alike.
 */
export {
  formatBytes,
  formatCount,
  formatFixed,
  formatInterval,
  formatLimit,
  formatLimitPercent,
  formatMetric,
  formatMetricDelta,
  formatMs,
  formatPercent,
  formatSeconds,
  formatStatistic,
  formatValue,
  MINUS,
  metricDecimals,
  NOT_AVAILABLE,
} from "@mlci/core";

/**
 * Table cells must not break the row: pipes escaped, newlines folded. Angle brackets are escaped too:
 * names come from result files, which on fork PRs are untrusted, and must not open HTML (or a
 * hidden marker) in the comment.
 */
export function cell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ");
}

/** Inline code that survives backticks in the text: a fence longer than any backtick run inside. */
export function code(text: string): string {
  const flat = text.replace(/\r?\n/g, " ");
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}
