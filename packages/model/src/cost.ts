import type { ColumnBatch } from "@mlci/core/column-batch.js";
import { sliceBatch } from "@mlci/core/column-batch.js";
import type { InputPlan } from "./input-plan.js";
import type { LoadedModel } from "./load-model.js";
import { buildFeeds } from "./tensors.js";

/** Untimed single-row runs first: the first runs allocate arenas and are not what a server sees. */
export const LATENCY_WARMUP_RUNS = 20;
/** Timed single-row runs; 200 gives a p99 resting on two observations, stable to a few percent. */
export const LATENCY_SAMPLES = 200;

export interface LatencyPercentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/**
 * Single-row latency: the model run once per row on rows taken in turn from the sample batch (so a
 * tree model's path lengths vary as in production), timed around session.run only.
 */
export async function measureLatency(
  model: LoadedModel,
  plan: InputPlan,
  sample: ColumnBatch,
  options: { warmup?: number; samples?: number } = {},
): Promise<LatencyPercentiles> {
  if (sample.rows === 0) throw new Error("measureLatency needs at least one row");
  const rows = Math.min(sample.rows, 100);
  const feeds = Array.from({ length: rows }, (_, i) => buildFeeds(plan, sliceBatch(sample, i, i + 1)));
  const warmup = options.warmup ?? LATENCY_WARMUP_RUNS;
  const samples = options.samples ?? LATENCY_SAMPLES;
  for (let i = 0; i < warmup; i++) await model.session.run(feeds[i % rows] as (typeof feeds)[number]);
  const times = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await model.session.run(feeds[i % rows] as (typeof feeds)[number]);
    times[i] = performance.now() - started;
  }
  times.sort();
  return { p50: nearestRank(times, 0.5), p95: nearestRank(times, 0.95), p99: nearestRank(times, 0.99) };
}

/** The nearest-rank percentile of sorted values: an observed value, never an interpolation. */
export function nearestRank(sorted: Float64Array, q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}

/** The process's resident-set high-water mark in bytes (the OS tracks it; it never decreases). */
export function peakMemoryBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}
