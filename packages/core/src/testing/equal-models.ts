/**
 * Two binary classifiers scored on the same rows, for A/A checks of the comparison statistics: each
 * row has a true risk x ~ N(0, 1) and a label drawn from it; each model sees the risk through its own
 * independent noise, so with equal noise the two are of equal quality and every "significant"
 * difference between them is a false alarm. A planted segment gives the head model more noise there
 * only: a real regression on one segment (one airport), invisible overall.
 */
import type { TaskPredictions } from "../evaluation/score.js";
import type { SliceColumn } from "../evaluation/segments.js";
import { normalSampler, seededRandom } from "./random.js";

export interface EqualModelsOptions {
  readonly rows: number;
  readonly seed: number;
  /** Segments of each slice column (rows fall into them with Zipf-like sizes, as airports do). */
  readonly columns?: ReadonlyArray<{ readonly name: string; readonly segments: number }>;
  /** Noise of both models' view of the risk (default 1). */
  readonly noise?: number;
  /** The head model's noise on one segment of the first column (a planted regression). */
  readonly planted?: { readonly segment: number; readonly noise: number };
}

export interface ModelPair {
  readonly head: TaskPredictions;
  readonly baseline: TaskPredictions;
  readonly slices: SliceColumn[];
}

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));

/** Segment of a row: weights 1/(s + 2), so the largest segment is a few times the smallest. */
function zipfSegment(u: number, cumulative: Float64Array): number {
  let s = 0;
  while (s < cumulative.length - 1 && u > (cumulative[s] as number)) s++;
  return s;
}

function zipfCumulative(segments: number): Float64Array {
  const weights = Array.from({ length: segments }, (_, s) => 1 / (s + 2));
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Float64Array(segments);
  let running = 0;
  weights.forEach((w, s) => {
    running += w / total;
    out[s] = running;
  });
  return out;
}

export function equalModels(options: EqualModelsOptions): ModelPair {
  const n = options.rows;
  const random = seededRandom(options.seed);
  const normal = normalSampler(random);
  const noise = options.noise ?? 1;
  const columns = options.columns ?? [];
  const cumulative = columns.map((c) => zipfCumulative(c.segments));
  const codes = columns.map(() => new Int32Array(n));
  const yTrue = new Int32Array(n);
  const sides = [0, 1].map(() => ({ proba: new Float64Array(2 * n), yPred: new Int32Array(n) }));
  for (let i = 0; i < n; i++) {
    columns.forEach((_, c) => {
      (codes[c] as Int32Array)[i] = zipfSegment(random(), cumulative[c] as Float64Array);
    });
    const risk = normal();
    const y = random() < sigmoid(1.5 * risk - 1) ? 1 : 0;
    yTrue[i] = y;
    const planted = options.planted && codes[0]?.[i] === options.planted.segment;
    sides.forEach((side, m) => {
      const sigma = m === 0 && planted && options.planted ? options.planted.noise : noise;
      const p = sigmoid(1.5 * (risk + sigma * normal()) - 1);
      side.proba[2 * i] = 1 - p;
      side.proba[2 * i + 1] = p;
      side.yPred[i] = p >= 0.5 ? 1 : 0;
    });
  }
  const classes = ["0", "1"];
  const model = (side: (typeof sides)[number]): TaskPredictions => ({
    task: "binary",
    predictions: { classes, yTrue, yPred: side.yPred, proba: side.proba },
  });
  return {
    head: model(sides[0] as (typeof sides)[number]),
    baseline: model(sides[1] as (typeof sides)[number]),
    slices: columns.map((c, k) => ({
      column: c.name,
      segments: Array.from({ length: c.segments }, (_, s) => `${c.name}-${s}`),
      codes: codes[k] as Int32Array,
    })),
  };
}
