/**
 * A worker thread of parallel-replicates.ts: readies the kernel's code while it waits for its job
 * (it may start before the job exists), then rebuilds the comparison kernel from the job's state and
 * takes chunks of replicates from the shared counter until none are left, writing each replicate
 * into the shared output where the single-threaded run would.
 */
import { parentPort } from "node:worker_threads";
import { BinarySegmentKernel } from "@mlci/core/compare/binary-segment-kernel.js";
import { type ReplicateJob, takeReplicates } from "./replicate-job.js";

BinarySegmentKernel.prime();
parentPort?.once("message", (job: ReplicateJob) => {
  takeReplicates(BinarySegmentKernel.fromState(job.state), job);
  parentPort?.postMessage("done");
});
