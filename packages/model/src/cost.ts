import { type ColumnBatch, sliceBatch } from "@mlci/core/column-batch.js";
import { LATENCY_ROUNDS, summariseRounds } from "@mlci/core/evaluation/latency.js";
import type { InputPlan } from "./input-plan.js";
import type { LoadedModel } from "./load-model.js";
import { buildFeeds } from "./tensors.js";

/** Untimed single-row runs first: the first runs allocate arenas and are not what a server sees. */
export const LATENCY_WARMUP_RUNS = 20;
/** Timed single-row runs per round; a round's p95 then rests on its 5 slowest runs. */
export const LATENCY_SAMPLES_PER_ROUND = 100;

export interface LatencyPercentiles {
  readonly p50: number;
  /** Median of the rounds' p95. */
  readonly p95: number;
  readonly p99: number;
  readonly rounds: number;
  /** Lowest and highest p95 of the rounds. */
  readonly p95_low: number;
  readonly p95_high: number;
}

export interface LatencyTarget {
  readonly model: LoadedModel;
  readonly plan: InputPlan;
}

export interface LatencyOptions {
  readonly warmup?: number;
  /** Timed runs per round. */
  readonly samples?: number;
  readonly rounds?: number;
}

/**
 * Single-row latency of each model: the model run once per row on rows taken in turn from the sample
 * batch (so a tree model's path lengths vary as in production), timed around session.run only, in
 * rounds that alternate between the models, so a burst of load on the machine hits both (core's
 * latency.ts summarises the rounds).
 */
export async function measureLatencyRounds(
  targets: readonly LatencyTarget[],
  sample: ColumnBatch,
  options: LatencyOptions = {},
): Promise<LatencyPercentiles[]> {
  if (sample.rows === 0) throw new Error("measureLatency needs at least one row");
  const rows = Math.min(sample.rows, 100);
  const warmup = options.warmup ?? LATENCY_WARMUP_RUNS;
  const samples = options.samples ?? LATENCY_SAMPLES_PER_ROUND;
  const rounds = options.rounds ?? LATENCY_ROUNDS;
  const feeds = targets.map((t) =>
    Array.from({ length: rows }, (_, i) => buildFeeds(t.plan, sliceBatch(sample, i, i + 1))),
  );
  for (const [k, t] of targets.entries()) {
    const own = feeds[k] as ReturnType<typeof buildFeeds>[];
    for (let i = 0; i < warmup; i++) await t.model.session.run(own[i % rows] as ReturnType<typeof buildFeeds>);
  }
  const all = targets.map(() => new Float64Array(rounds * samples));
  const roundP95 = targets.map(() => [] as number[]);
  const times = new Float64Array(samples);
  for (let r = 0; r < rounds; r++) {
    for (const [k, t] of targets.entries()) {
      const own = feeds[k] as ReturnType<typeof buildFeeds>[];
      for (let i = 0; i < samples; i++) {
        const started = performance.now();
        await t.model.session.run(own[(r * samples + i) % rows] as ReturnType<typeof buildFeeds>);
        times[i] = performance.now() - started;
      }
      (all[k] as Float64Array).set(times, r * samples);
      (roundP95[k] as number[]).push(nearestRank(times.slice().sort(), 0.95));
    }
  }
  return targets.map((_, k) => {
    const sorted = (all[k] as Float64Array).sort();
    const summary = summariseRounds(roundP95[k] as number[]);
    return {
      p50: nearestRank(sorted, 0.5),
      p95: summary.p95,
      p99: nearestRank(sorted, 0.99),
      rounds: summary.rounds,
      p95_low: summary.p95_low,
      p95_high: summary.p95_high,
    };
  });
}

/** One model's latency in rounds (measureLatencyRounds with one target). */
export async function measureLatency(
  model: LoadedModel,
  plan: InputPlan,
  sample: ColumnBatch,
  options: LatencyOptions = {},
): Promise<LatencyPercentiles> {
  const [latency] = await measureLatencyRounds([{ model, plan }], sample, options);
  return latency as LatencyPercentiles;
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
