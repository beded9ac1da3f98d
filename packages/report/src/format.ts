/** Number and cell formatting shared by the report sections. */
import { escapeCode, escapeText, MAX_MESSAGE_CHARS, MAX_PATH_CHARS } from "./escape.js";

/** Four significant digits: enough to see a 0.1 % change in a metric near 1, short enough to scan. */
const SIGNIFICANT_DIGITS = 4;

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "n/a";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(SIGNIFICANT_DIGITS - 1);
  return String(Number(value.toPrecision(SIGNIFICANT_DIGITS)));
}

export function formatSigned(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "n/a";
  const text = formatNumber(value);
  return value > 0 ? `+${text}` : text.replace(/^-/, "−");
}

export function formatInterval(low: number | null | undefined, high: number | null | undefined): string {
  if (low === null || low === undefined || high === null || high === undefined) return "n/a";
  return `[${formatSigned(low)}, ${formatSigned(high)}]`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "n/a";
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "n/a";
  return `${formatNumber(ms)} ms`;
}

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? "n/a" : n.toLocaleString("en-US");
}

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
