import type { BinaryKernelState, BinarySegmentKernel } from "@mlci/core/compare/binary-segment-kernel.js";

/** Replicates handed out this many at a time: small enough to balance threads, large enough to be cheap. */
export const CHUNK = 8;
/** Slots of the shared counters: the next replicate to hand out, and how many are done. */
export const NEXT = 0;
export const DONE = 1;

/** What every thread computing replicates shares (the output and counters in shared memory). */
export interface ReplicateJob {
  readonly state: BinaryKernelState;
  readonly seed: number;
  readonly resamples: number;
  readonly out: Float64Array;
  readonly counters: Int32Array;
}

/**
 * Takes chunks of replicates from the shared counter and computes them, until none are left or
 * `limit` chunks are taken (the main thread stops now and then to redraw the progress bar). Replicate
 * r uses generator stream r and lands in column r of the output, so the result is the same whichever
 * thread computes it. Returns false when no replicate was left.
 */
export function takeReplicates(
  kernel: BinarySegmentKernel,
  job: ReplicateJob,
  limit = Number.POSITIVE_INFINITY,
): boolean {
  const { seed, resamples, out, counters } = job;
  for (let taken = 0; taken < limit; taken++) {
    const first = Atomics.add(counters, NEXT, CHUNK);
    if (first >= resamples) return false;
    const end = Math.min(first + CHUNK, resamples);
    for (let r = first; r < end; r++) kernel.replicateAt(seed, r, out, r, resamples);
    Atomics.add(counters, DONE, end - first);
  }
  return true;
}
