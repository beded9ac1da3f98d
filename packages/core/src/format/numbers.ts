/**
 * The one number formatter of every output mlci writes for people: the PR report, the drift issue,
 * the model card and the CLI's text. Fixed decimals (a column of numbers lines up and a reader
 * compares digits, not exponents), never scientific notation, thousands separators, one minus sign
 * (U+2212, the typographic minus GitHub's fonts draw as wide as "+"), and units beside the number.
 */
import { isMetricName, type MetricName } from "../metrics/names.js";

export const MINUS = "\u2212";

/** Shown where a value is missing or undefined (null, NaN). */
export const NOT_AVAILABLE = "n/a";

/** Decimals of metrics bounded near [0, 1]: a 0.1 % change of a metric near 1 shows in the last digit. */
export const BOUNDED_METRIC_DECIMALS = 4;

/** Metrics whose values live on their own scale (errors in the target's unit, log loss, percentages). */
const UNBOUNDED_METRICS: ReadonlySet<MetricName> = new Set<MetricName>([
  "log_loss",
  "mae",
  "mse",
  "rmse",
  "mape",
  "median_ae",
]);

/**
 * A non-negative finite `value` with exactly `decimals` decimals and "," between thousands, as
 * `Intl.NumberFormat("en-US", {minimumFractionDigits: decimals, maximumFractionDigits: decimals})`
 * writes it, character for character: ICU rounds the shortest decimal that reads back as the double
 * (what String(value) gives) half away from zero, so 1713.55 becomes "1,713.6" where toFixed(1) says
 * "1,713.5". Done on the digits because the first Intl.NumberFormat of a process loads ICU's locale
 * data, about 30 ms of CPU at every start of a command that prints a number (numbers.test.ts compares
 * the two over millions of values).
 */
function grouped(value: number, decimals: number): string {
  // String(value) is the shortest round-trip decimal, possibly with an exponent: "1.5e-7", "1e+21".
  const [mantissa = "0", exponent = "0"] = String(value).split("e");
  const [whole = "0", fraction = ""] = mantissa.split(".");
  let digits = whole + fraction;
  // Position of the decimal point in `digits`.
  let point = whole.length + Number(exponent);
  if (point < 1) {
    digits = "0".repeat(1 - point) + digits;
    point = 1;
  }
  const keep = point + decimals;
  if (digits.length > keep) {
    const roundUp = digits.charCodeAt(keep) >= 53; // the first digit dropped is 5 or more
    digits = digits.slice(0, keep);
    if (roundUp) {
      const carried = incremented(digits);
      if (carried.length > digits.length) point += 1;
      digits = carried;
    }
  } else {
    digits = digits.padEnd(keep, "0");
  }
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, "");
  const grouping = integer.replace(/\B(?=(\d{3})+$)/g, ",");
  return decimals > 0 ? `${grouping}.${digits.slice(point)}` : grouping;
}

/** A string of decimal digits plus one ("0999" -> "1000", "99" -> "100"). */
function incremented(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === "9") i -= 1;
  if (i < 0) return `1${"0".repeat(digits.length)}`;
  return `${digits.slice(0, i)}${String.fromCharCode(digits.charCodeAt(i) + 1)}${"0".repeat(digits.length - i - 1)}`;
}

export interface FixedOptions {
  /** "+" before positive values (deltas); zero after rounding carries no sign either way. */
  readonly signed?: boolean;
}

/**
 * `value` with exactly `decimals` decimals. A value that rounds to zero is written without a sign
 * ("0.0000", never "−0.0000" or "+0.0000"): a sign would claim a direction the digits do not show.
 */
export function formatFixed(value: number | null | undefined, decimals: number, options: FixedOptions = {}): string {
  if (value === null || value === undefined || Number.isNaN(value)) return NOT_AVAILABLE;
  if (!Number.isFinite(value)) return value > 0 ? `${options.signed ? "+" : ""}∞` : `${MINUS}∞`;
  const digits = Math.max(0, Math.min(20, Math.trunc(decimals)));
  const text = grouped(Math.abs(value), digits);
  if (/^[0.,]*$/.test(text)) return text;
  if (value < 0) return `${MINUS}${text}`;
  return options.signed ? `+${text}` : text;
}

/**
 * Decimals for a quantity whose largest magnitude is `largest`: about four significant digits on
 * the largest value, at most `max` decimals, none from 1,000 up.
 */
export function decimalsFor(largest: number, max = BOUNDED_METRIC_DECIMALS): number {
  const abs = Math.abs(largest);
  if (!Number.isFinite(abs) || abs === 0) return max;
  const integerDigits = Math.floor(Math.log10(abs)) + 1;
  return Math.max(0, Math.min(max, 4 - integerDigits));
}

/**
 * The decimals of one metric, the same for every cell that shows it (its values, deltas and
 * intervals): 4 for metrics on a [0, 1]-like scale, and for metrics on the target's scale as many as
 * give four significant digits on the largest value shown.
 */
export function metricDecimals(metric: string, values: readonly (number | null | undefined)[] = []): number {
  if (isMetricName(metric) && !UNBOUNDED_METRICS.has(metric)) return BOUNDED_METRIC_DECIMALS;
  const finite = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (finite.length === 0) return BOUNDED_METRIC_DECIMALS;
  return decimalsFor(Math.max(...finite.map(Math.abs)));
}

export function formatMetric(value: number | null | undefined, metric: string, decimals?: number): string {
  return formatFixed(value, decimals ?? metricDecimals(metric, [value]));
}

/** A change of a metric: signed, with the metric's decimals. */
export function formatMetricDelta(value: number | null | undefined, metric: string, decimals?: number): string {
  return formatFixed(value, decimals ?? metricDecimals(metric, [value]), { signed: true });
}

/** "[−0.0091, +0.0004]"; n/a when either end is missing. */
export function formatInterval(
  low: number | null | undefined,
  high: number | null | undefined,
  decimals: number,
): string {
  if (low === null || low === undefined || high === null || high === undefined) return NOT_AVAILABLE;
  return `[${formatFixed(low, decimals, { signed: true })}, ${formatFixed(high, decimals, { signed: true })}]`;
}

/** Whole numbers (rows, resamples) with thousands separators. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return NOT_AVAILABLE;
  return formatFixed(Math.round(n), 0);
}

/** A fraction as a percentage: 0.0213 → "2.1%" (with `signed`, "+2.1%"). */
export function formatPercent(
  fraction: number | null | undefined,
  options: FixedOptions & { readonly decimals?: number } = {},
): string {
  if (fraction === null || fraction === undefined || Number.isNaN(fraction)) return NOT_AVAILABLE;
  const decimals = options.decimals ?? (Math.abs(fraction) >= 10 ? 0 : 1);
  return `${formatFixed(fraction * 100, decimals, options)}%`;
}

/** A percentage limit as written in mlci.yml ("2%", "0.5%"): no trailing zeros. */
export function formatLimitPercent(fraction: number): string {
  const percent = Number((fraction * 100).toFixed(6));
  const decimals = Number.isInteger(percent) ? 0 : Math.min(4, String(percent).split(".")[1]?.length ?? 0);
  return `${formatFixed(percent, decimals)}%`;
}

/** A limit or threshold as written in a configuration: its own decimals, at most 6, no exponent. */
export function formatLimit(value: number): string {
  if (!Number.isFinite(value)) return formatFixed(value, 0);
  const rounded = Number(value.toFixed(6));
  const decimals = Number.isInteger(rounded) ? 0 : (rounded.toFixed(6).replace(/0+$/, "").split(".")[1]?.length ?? 0);
  return formatFixed(rounded, decimals);
}

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

/** Sizes in binary units: "812 B", "1.8 MiB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) return NOT_AVAILABLE;
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatFixed(value, unit === 0 ? 0 : 1)} ${BYTE_UNITS[unit]}`;
}

/** Milliseconds: "0.42 ms", "12.4 ms", "1,207 ms". */
export function formatMs(ms: number | null | undefined, options: FixedOptions = {}): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return NOT_AVAILABLE;
  const abs = Math.abs(ms);
  const decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return `${formatFixed(ms, decimals, options)} ms`;
}

/** Seconds for durations: "3.4 s", "125 s". */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return NOT_AVAILABLE;
  return `${formatFixed(seconds, Math.abs(seconds) >= 100 ? 0 : 1)} s`;
}

/** Smallest p-value or score written with digits; anything below reads "< 0.0001". */
const SMALLEST_SHOWN = 0.0001;

/** A statistic on a small scale (p-value, distance): 4 decimals, "< 0.0001" for tiny positive values. */
export function formatStatistic(value: number | null | undefined): string {
  if (typeof value === "number" && value > 0 && value < SMALLEST_SHOWN / 2)
    return `< ${formatFixed(SMALLEST_SHOWN, 4)}`;
  if (typeof value === "number" && Math.abs(value) >= 1000) return formatFixed(value, decimalsFor(value));
  return formatFixed(value, 4);
}

/** A value of data (a mean, a median): four significant digits on its own scale, no exponent. */
export function formatValue(value: number | null | undefined): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return formatFixed(value, 0);
  if (Number.isInteger(value)) return formatFixed(value, 0);
  const abs = Math.abs(value);
  if (abs < 0.001) return formatFixed(value, 6);
  return formatFixed(value, decimalsFor(abs, 4));
}
