/**
 * The comparison's bootstrap replicates on every core, when that pays. The kernel's state is plain
 * typed arrays: each worker thread gets a copy, and all threads (this one included) take chunks of
 * replicates from a shared counter and write them into one shared output. Replicate r always uses
 * generator stream r and lands in column r, so the result is identical to the single-threaded one
 * whatever the number of threads or the order in which they finish.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { BinarySegmentKernel } from "@mlci/core/compare/binary-segment-kernel.js";
import type { ComparisonPlan } from "@mlci/core/evaluation/slices.js";
import { DONE, type ReplicateJob, takeReplicates } from "./replicate-job.js";

/**
 * Below this many row reads in all (kernel.rowsPerReplicate x resamples: about 0.2 s on one core),
 * a worker thread (a tenth of a second of CPU to start, plus a copy of the kernel's arrays) costs
 * about what it saves. The example's 14,861 rows with one slice column and 1000 resamples (30 million)
 * stay on one thread; a PR-sized 50,000 rows with two (150 million) go to every core.
 */
export const PARALLEL_MIN_ROW_READS = 30_000_000;
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
  /** Worker threads started ahead of the kernel (startReplicateWorkers); stopped when done. */
  readonly workers?: readonly ReplicateWorker[];
}

/** A worker thread of bootstrap-worker.ts, waiting for its job, and the end of its work. */
export interface ReplicateWorker {
  readonly worker: Worker;
  readonly finished: Promise<void>;
}

/** Threads (this one included) for this many row reads in all. */
function threadsFor(reads: number, options: ParallelOptions): number {
  return reads >= (options.minRowReads ?? PARALLEL_MIN_ROW_READS) ? (options.threads ?? availableParallelism()) : 1;
}

/**
 * Starts, before the kernel is built, the worker threads that a binary comparison of `rows` rows,
 * `columns` slice columns and `resamples` resamples will use (none below the work threshold): they
 * load their modules while this thread prepares the job, instead of after.
 */
export function startReplicateWorkers(
  rows: number,
  columns: number,
  resamples: number,
  options: ParallelOptions = {},
): ReplicateWorker[] {
  return spawnWorkers(threadsFor(BinarySegmentKernel.rowReads(rows, columns) * resamples, options) - 1);
}

function spawnWorkers(count: number): ReplicateWorker[] {
  return Array.from({ length: count }, () => {
    const worker = new Worker(new URL("./bootstrap-worker.js", import.meta.url));
    const finished = finishing(worker);
    finished.catch(() => {}); // awaited by computeReplicates; a failure before then must not be unhandled
    return { worker, finished };
  });
}

/** Stops worker threads (those that finished their job, or were not needed). */
export function stopReplicateWorkers(workers: readonly ReplicateWorker[]): void {
  for (const { worker } of workers) void worker.terminate();
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
  const started = options.workers ?? [];
  const { resamples, seed } = plan.settings;
  const threads = kernel
    ? started.length > 0
      ? started.length + 1
      : threadsFor(kernel.rowsPerReplicate * resamples, options)
    : 1;
  if (!kernel || threads <= 1) {
    stopReplicateWorkers(started);
    options.meanwhile?.();
    return kernel ? plan.replicates(onProgress) : null;
  }
  const size = kernel.groups * kernel.metrics * resamples;
  const job: ReplicateJob = {
    state: kernel.state,
    seed,
    resamples,
    out: new Float64Array(new SharedArrayBuffer(size * Float64Array.BYTES_PER_ELEMENT)),
    counters: new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT)),
  };
  const workers = started.length > 0 ? started : spawnWorkers(threads - 1);
  let reported = 0;
  const report = () => {
    const done = Atomics.load(job.counters, DONE);
    if (done <= reported) return;
    reported = done;
    onProgress(done);
  };
  const timer = setInterval(report, REPORT_MS);
  try {
    for (const { worker } of workers) worker.postMessage(job);
    const finished = Promise.all(workers.map((w) => w.finished));
    finished.catch(() => {}); // awaited below; a failure before then must not be unhandled
    options.meanwhile?.();
    // This thread works too, pausing every few chunks to report and to let the workers' messages in.
    while (takeReplicates(kernel, job, CHUNKS_BETWEEN_REPORTS)) {
      report();
      await new Promise(setImmediate);
    }
    await finished;
  } finally {
    clearInterval(timer);
    stopReplicateWorkers(workers);
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
