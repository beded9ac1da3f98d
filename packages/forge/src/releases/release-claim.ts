/**
 * Who is writing the draft release of a version. Two runs releasing the same NAME@vX.Y.Z (two pushes
 * of one commit, a re-run while the first still runs) must not write one draft together: the first
 * to claim it writes, the other stops with exit 2 and writes nothing. A claim names its run well
 * enough to tell, later, whether that run has ended, so a draft left by a dead run is finished by the
 * next one instead of blocking the version for ever.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { ProblemError } from "@mlci/core/problem.js";

export interface ReleaseClaimant {
  readonly host: string;
  readonly pid: number;
  /** GITHUB_RUN_ID inside GitHub Actions. */
  readonly run?: string;
  /** GITHUB_RUN_ATTEMPT: a re-run of a workflow run starts only after the earlier attempt ended. */
  readonly attempt?: number;
  /** Unique per claim: tells apart two runs inside one process. */
  readonly nonce: string;
  /** ISO 8601 time of the claim. */
  readonly at: string;
}

/** Claims made by this process and not ended yet. */
const liveNonces = new Set<string>();

export function newClaimant(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): ReleaseClaimant {
  const attempt = Number.parseInt(env.GITHUB_RUN_ATTEMPT ?? "", 10);
  const claimant: ReleaseClaimant = {
    host: hostname(),
    pid: process.pid,
    ...(env.GITHUB_RUN_ID ? { run: env.GITHUB_RUN_ID } : {}),
    ...(Number.isInteger(attempt) ? { attempt } : {}),
    nonce: randomUUID(),
    at: now.toISOString(),
  };
  liveNonces.add(claimant.nonce);
  return claimant;
}

/** The run of `claimant` is over (its draft, if any, may be finished by another). */
export function endClaimant(claimant: ReleaseClaimant): void {
  liveNonces.delete(claimant.nonce);
}

/**
 * Whether the run that made `holder` may still be going, as far as `self` can tell. Unknowable cases
 * (another machine, another workflow run) count as alive: the message then says how to clear the claim.
 */
export function holderAlive(holder: ReleaseClaimant, self: ReleaseClaimant): boolean {
  if (holder.nonce === self.nonce) return false; // our own claim, made earlier in this run
  if (holder.run !== undefined && holder.run === self.run && (holder.attempt ?? 0) < (self.attempt ?? 0)) {
    return false; // an earlier attempt of this workflow run: it ended before this attempt began
  }
  if (holder.host !== self.host) return true;
  if (holder.pid === self.pid) return liveNonces.has(holder.nonce);
  return processAlive(holder.pid);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 only checks that the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by another user
  }
}

/** A claim read from a file or a release body; undefined when it is not one. */
export function parseClaimant(text: string): ReleaseClaimant | undefined {
  try {
    const data = JSON.parse(text) as Partial<ReleaseClaimant>;
    if (typeof data.host !== "string" || typeof data.pid !== "number" || typeof data.nonce !== "string") return;
    return {
      host: data.host,
      pid: data.pid,
      ...(typeof data.run === "string" ? { run: data.run } : {}),
      ...(typeof data.attempt === "number" ? { attempt: data.attempt } : {}),
      nonce: data.nonce,
      at: typeof data.at === "string" ? data.at : "",
    };
  } catch {
    return undefined;
  }
}

export function describeClaimant(claimant: ReleaseClaimant): string {
  const run = claimant.run
    ? `workflow run ${claimant.run}${claimant.attempt ? ` attempt ${claimant.attempt}` : ""}, `
    : "";
  return `${run}process ${claimant.pid} on ${claimant.host}, since ${claimant.at}`;
}

/** Another run holds the claim on the version (or published it while this run prepared it). */
export class ReleaseInProgressError extends ProblemError {
  constructor(
    readonly tag: string,
    holder: string,
    fix: string,
  ) {
    super({ kind: "input", message: `another run is releasing ${tag} (${holder}); this run wrote nothing`, fix });
    this.name = "ReleaseInProgressError";
  }
}
