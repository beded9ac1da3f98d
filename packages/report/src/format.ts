/** Number and cell formatting shared by the report sections. */

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

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  return `${fence}${text.replace(/\r?\n/g, " ")}${fence}`;
}
