/**
 * A worker thread of parallel-replicates.ts: rebuilds the comparison kernel from its state and takes
 * chunks of replicates from the shared counter until none are left, writing each replicate into the
 * shared output where the single-threaded run would.
 */
import { parentPort, workerData } from "node:worker_threads";
import { BinarySegmentKernel } from "@mlci/core/compare/binary-segment-kernel.js";
import { type ReplicateJob, takeReplicates } from "./replicate-job.js";

const job = workerData as ReplicateJob;
takeReplicates(BinarySegmentKernel.fromState(job.state), job);
parentPort?.postMessage("done");
