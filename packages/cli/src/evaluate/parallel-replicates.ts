/**
 * The comparison's bootstrap replicates on every core, when that pays. The kernel's state is plain
 * typed arrays: each worker thread gets a copy, and all threads (this one included) take chunks of
 * replicates from a shared counter and write them into one shared output. Replicate r always uses
 * generator stream r and lands in column r, so the result is identical to the single-threaded one
 * whatever the number of threads or the order in which they finish.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { ComparisonPlan } from "@mlci/core/evaluation/slices.js";
import { DONE, type ReplicateJob, takeReplicates } from "./replicate-job.js";

/**
 * Below this many row reads in all (kernel.rowsPerReplicate x resamples: about 0.1 s on one core),
 * starting worker threads (tens of milliseconds each, plus a copy of the kernel's arrays) costs more
 * than it saves.
 */
export const PARALLEL_MIN_ROW_READS = 15_000_000;
/** The main thread redraws progress after this many chunks of its own. */
const CHUNKS_BETWEEN_REPORTS = 4;
const REPORT_MS = 100;

export interface ParallelOptions {
  /** Threads to use, this one included (default: the cores Node may use). */
  readonly threads?: number;
  readonly minRowReads?: number;
  /**
   * Work of this thread that needs no replicate: done while the worker threads start and compute
   * (this thread then joins them), or before the replicates when they are computed here alone.
   */
  readonly meanwhile?: () => void;
}

/**
 * The plan's replicates (null when it has no kernel: its segments are bootstrapped in `finish`).
 * `onProgress` receives the number of replicates done so far.
 */
export async function computeReplicates(
  plan: ComparisonPlan,
  onProgress: (done: number) => void,
  options: ParallelOptions = {},
): Promise<Float64Array | null> {
  const kernel = plan.kernel;
  if (!kernel) {
    options.meanwhile?.();
    return null;
  }
  const { resamples, seed } = plan.settings;
  const reads = kernel.rowsPerReplicate * resamples;
  const threads =
    reads >= (options.minRowReads ?? PARALLEL_MIN_ROW_READS) ? (options.threads ?? availableParallelism()) : 1;
  if (threads <= 1) {
    options.meanwhile?.();
    return plan.replicates(onProgress);
  }
  const size = kernel.groups * kernel.metrics * resamples;
  const job: ReplicateJob = {
    state: kernel.state,
    seed,
    resamples,
    out: new Float64Array(new SharedArrayBuffer(size * Float64Array.BYTES_PER_ELEMENT)),
    counters: new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT)),
  };
  const workers = Array.from(
    { length: threads - 1 },
    () => new Worker(new URL("./bootstrap-worker.js", import.meta.url), { workerData: job }),
  );
  const finished = Promise.all(workers.map(finishing));
  finished.catch(() => {}); // awaited below; a failure before then must not be unhandled
  let reported = 0;
  const report = () => {
    const done = Atomics.load(job.counters, DONE);
    if (done <= reported) return;
    reported = done;
    onProgress(done);
  };
  const timer = setInterval(report, REPORT_MS);
  try {
    options.meanwhile?.();
    // This thread works too, pausing every few chunks to report and to let the workers' messages in.
    while (takeReplicates(kernel, job, CHUNKS_BETWEEN_REPORTS)) {
      report();
      await new Promise(setImmediate);
    }
    await finished;
  } finally {
    clearInterval(timer);
    for (const worker of workers) void worker.terminate();
  }
  report();
  return job.out;
}

function finishing(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
    worker.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`a bootstrap worker thread stopped with exit code ${code}`)),
    );
  });
}
