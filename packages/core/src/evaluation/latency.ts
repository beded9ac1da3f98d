/**
 * Latency measured in rounds. One long series of single-row runs gives one p95 that moves with
 * whatever else the machine does at that moment (the same production model measured p95 0.25 ms in
 * one run and 1.44 ms in the next on a shared CI machine). So the runs are split into rounds,
 * alternating between the models, and each round gives its own p95: the reported p95 is their median
 * and the interval their range. With 7 rounds the range covers the median round's p95 with probability
 * 1 - 2 x 0.5^7 = 98% (order statistics, no assumption on the distribution).
 *
 * A change between two models is "faster"/"slower" only when their intervals do not overlap, and
 * "noisy" otherwise; a latency gate fails only when the interval's lower end is above its limit.
 */

/** Rounds of the latency measurement (see above for the coverage of their range). */
export const LATENCY_ROUNDS = 7;

export interface LatencyRounds {
  /** p95 of each round, in round order. */
  readonly p95: readonly number[];
}

export interface LatencySummary {
  readonly p95: number;
  readonly p95_low: number;
  readonly p95_high: number;
  readonly rounds: number;
}

/** Median of the per-round p95s and their range. */
export function summariseRounds(roundsP95: readonly number[]): LatencySummary {
  if (roundsP95.length === 0) throw new RangeError("no latency rounds to summarise");
  const sorted = [...roundsP95].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    p95: median,
    p95_low: sorted[0] as number,
    p95_high: sorted[sorted.length - 1] as number,
    rounds: sorted.length,
  };
}

export type LatencyVerdict = "faster" | "slower" | "noisy";

export interface LatencyComparison {
  /** slower/faster only when the rounds' intervals do not overlap. */
  readonly verdict: LatencyVerdict;
  /** head p95 / baseline p95 - 1 (medians of the rounds). */
  readonly change: number;
}

interface Interval {
  readonly p95: number;
  readonly p95_low?: number;
  readonly p95_high?: number;
}

/** Head against baseline; null unless both were measured in rounds. */
export function compareLatency(head: Interval, baseline: Interval): LatencyComparison | null {
  if (head.p95_low === undefined || head.p95_high === undefined) return null;
  if (baseline.p95_low === undefined || baseline.p95_high === undefined || baseline.p95 <= 0) return null;
  const change = head.p95 / baseline.p95 - 1;
  const verdict: LatencyVerdict =
    head.p95_low > baseline.p95_high ? "slower" : head.p95_high < baseline.p95_low ? "faster" : "noisy";
  return { verdict, change };
}
