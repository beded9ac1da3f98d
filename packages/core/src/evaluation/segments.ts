/**
 * The segments of slice columns: which rows form each reported segment (largest first, at least a
 * minimum size), and a model's predictions restricted to those rows.
 */
import { rankSubset } from "../metrics/classification.js";
import {
  type ClassificationPredictions,
  DEFAULT_POSITIVE_CLASS,
  type RegressionPredictions,
} from "../metrics/predictions.js";
import type { CompareOptions, TaskPredictions } from "./score.js";
import type { SliceTestOptions } from "./slice-tests.js";
import type { SliceResult, SliceTests } from "./types.js";

/** Below 30 rows a segment's metrics are mostly noise (and AUC is often undefined). */
export const DEFAULT_MIN_SLICE_ROWS = 30;
/** Keeps reports readable and the bootstrap cost bounded for high-cardinality columns. */
export const DEFAULT_MAX_SEGMENTS = 20;

export interface SliceColumn {
  readonly column: string;
  /** Segment names; `codes` index into them. */
  readonly segments: readonly string[];
  /** Segment of each row; -1 leaves the row out of every segment of this column. */
  readonly codes: Int32Array;
}

export interface SliceOptions extends CompareOptions, SliceTestOptions {
  readonly minRows?: number;
  readonly maxSegments?: number;
}

export interface SliceEvaluation {
  readonly slices: SliceResult[];
  /** How the differences were tested; null without a baseline. */
  readonly tests: SliceTests | null;
}

function take<T extends Int32Array | Float64Array>(values: T, rows: Uint32Array, width = 1): T {
  const out = new (values.constructor as new (n: number) => T)(rows.length * width);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    for (let c = 0; c < width; c++) out[j * width + c] = values[i * width + c] as number;
  }
  return out;
}

/** The same model's predictions restricted to `rows`. */
export function subsetPredictions(p: TaskPredictions, rows: Uint32Array): TaskPredictions {
  if (p.task === "regression") {
    const predictions: RegressionPredictions = {
      yTrue: take(p.predictions.yTrue, rows),
      yPred: take(p.predictions.yPred, rows),
    };
    return { task: "regression", predictions };
  }
  const source = p.predictions;
  const predictions: ClassificationPredictions = {
    classes: source.classes,
    yTrue: take(source.yTrue, rows),
    yPred: take(source.yPred, rows),
    ...(source.proba ? { proba: take(source.proba, rows, source.classes.length) } : {}),
    ...(source.scores ? { scores: true } : {}),
  };
  // The subset's scores ranked from the whole set's ranking, not sorted again.
  rankSubset(source, predictions, rows, p.task, p.positive ?? DEFAULT_POSITIVE_CLASS);
  return { ...p, predictions };
}

/** Row indices of each segment, largest segment first (ties by name), at least `minRows` rows. */
export function segmentRows(
  slice: SliceColumn,
  minRows: number,
  maxSegments: number,
): Array<{ segment: string; rows: Uint32Array }> {
  // Indexed loops and arrays, no callback or map lookup per row: this runs once per slice column,
  // too few times for V8 to optimise those away.
  const { codes } = slice;
  const counts = new Uint32Array(slice.segments.length);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code >= 0) counts[code] = (counts[code] as number) + 1;
  }
  const chosen = [...counts.keys()]
    .filter((s) => (counts[s] as number) >= minRows)
    .sort(
      (a, b) =>
        (counts[b] as number) - (counts[a] as number) ||
        (slice.segments[a] ?? "").localeCompare(slice.segments[b] ?? ""),
    )
    .slice(0, maxSegments);
  const rows: (Uint32Array | undefined)[] = new Array(slice.segments.length);
  for (const s of chosen) rows[s] = new Uint32Array(counts[s] as number);
  const filled = new Uint32Array(slice.segments.length);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    const target = code >= 0 ? rows[code] : undefined;
    if (!target) continue;
    target[filled[code] as number] = i;
    filled[code] = (filled[code] as number) + 1;
  }
  return chosen.map((s) => ({ segment: slice.segments[s] ?? String(s), rows: rows[s] ?? new Uint32Array(0) }));
}
