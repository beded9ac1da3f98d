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

import { escapeCode, escapeText, MAX_MESSAGE_CHARS, MAX_PATH_CHARS } from "./escape.js";

/**
 * Text from a result file in a table cell (or any inline position): on fork PRs the files are untrusted,
 * so the text is escaped (escape.ts) and cannot split the row, open HTML, link, or mention anyone.
 */
export function cell(text: string): string {
  return escapeText(text, MAX_MESSAGE_CHARS);
}

/** Inline code from a result file (a model name, a path), outside tables: shows the text literally. */
export function code(text: string): string {
  return escapeCode(text, MAX_PATH_CHARS);
}
