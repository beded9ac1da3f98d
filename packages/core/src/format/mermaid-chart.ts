/**
 * Mermaid `xychart-beta` blocks, which GitHub renders as charts in comments, issues and release
 * bodies. Values in the chart are plain decimals (mermaid parses them as numbers: no thousands
 * separators, an ASCII minus); labels are quoted strings with their quotes replaced, so a label from
 * data cannot end the string, start a directive or leave the code block.
 */

/** Longest label kept in a chart (GitHub draws long labels over each other anyway). */
export const MAX_CHART_LABEL = 24;

/** Longest chart title kept. */
export const MAX_CHART_TITLE = 80;

/** Series colours: blue then orange, told apart by the title since xychart draws no legend. */
export const SERIES_COLOURS = ["#1f6feb", "#f08c00", "#8c959f"] as const;
export const SERIES_COLOUR_NAMES = ["blue", "orange", "grey"] as const;

export interface ChartSeries {
  readonly kind: "line" | "bar";
  readonly values: readonly number[];
}

export interface XyChart {
  readonly title: string;
  /** Categories along the x-axis, or a numeric range with its name. */
  readonly x:
    | { readonly labels: readonly string[] }
    | { readonly name: string; readonly min: number; readonly max: number };
  readonly y: { readonly name: string; readonly min: number; readonly max: number };
  readonly series: readonly ChartSeries[];
  /** Decimals of the values written into the chart. */
  readonly decimals: number;
}

/** A label as a mermaid string: one line, no double quotes, no directive or fence characters, capped. */
export function chartLabel(text: string, max = MAX_CHART_LABEL): string {
  const flat = text
    .replace(/[\r\n\t]+/g, " ")
    .replace(/["`{}]/g, "'")
    .replace(/%{2,}/g, "%")
    .trim();
  const capped = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return `"${capped}"`;
}

function plain(value: number, decimals: number): string {
  const text = (Number.isFinite(value) ? value : 0).toFixed(decimals);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

export function mermaidXyChart(chart: XyChart): string {
  const x =
    "labels" in chart.x
      ? `  x-axis [${chart.x.labels.map((label) => chartLabel(label)).join(", ")}]`
      : `  x-axis ${chartLabel(chart.x.name)} ${plain(chart.x.min, chart.decimals)} --> ${plain(chart.x.max, chart.decimals)}`;
  const palette = SERIES_COLOURS.slice(0, Math.max(1, chart.series.length)).join(", ");
  return [
    "```mermaid",
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${palette}"}}}}%%`,
    "xychart-beta",
    `  title ${chartLabel(chart.title, MAX_CHART_TITLE)}`,
    x,
    `  y-axis ${chartLabel(chart.y.name)} ${plain(chart.y.min, chart.decimals)} --> ${plain(chart.y.max, chart.decimals)}`,
    ...chart.series.map((s) => `  ${s.kind} [${s.values.map((v) => plain(v, chart.decimals)).join(", ")}]`),
    "```",
  ].join("\n");
}

/**
 * The y-axis of a chart of `values`: padded around them, but never narrower than `minSpan`, so that
 * a change within the noise does not fill the chart's height; clamped to `bounds` when the quantity
 * has them (a metric in [0, 1]).
 */
export function axisRange(
  values: readonly number[],
  minSpan: number,
  bounds?: { readonly min: number; readonly max: number },
): { min: number; max: number } {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return bounds ?? { min: 0, max: 1 };
  let low = Math.min(...finite);
  let high = Math.max(...finite);
  const pad = (high - low) * 0.1;
  low -= pad;
  high += pad;
  if (high - low < minSpan) {
    const middle = (low + high) / 2;
    low = middle - minSpan / 2;
    high = middle + minSpan / 2;
  }
  if (bounds) {
    if (low < bounds.min) [low, high] = [bounds.min, Math.min(bounds.max, high + (bounds.min - low))];
    if (high > bounds.max) [low, high] = [Math.max(bounds.min, low - (high - bounds.max)), bounds.max];
  }
  return { min: low, max: high };
}
