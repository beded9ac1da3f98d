/**
 * lineage.json: where a model came from. Written by `mlci train`, attached to releases. This zod
 * schema is the one description of the format: the types below are inferred from it and
 * schemas/lineage.schema.json is generated from it (`npm run schemas`).
 */
import * as z from "zod/mini";
import type { Immutable } from "../results/immutable.js";
import "../zod-messages.js";

export const LINEAGE_SCHEMA = "mlci/lineage@1";

const sha256 = z.string().check(z.regex(/^[0-9a-f]{64}$/));
const count = z.int().check(z.nonnegative());

/** The content hash of one data file the training read. */
const dataFingerprint = z.strictObject({
  /** As declared, relative to mlci.yml's directory, with `/` separators. */
  path: z.string().check(z.minLength(1)),
  sha256,
  bytes: count,
});

const runInfo = z.strictObject({
  id: z.string(),
  url: z.url(),
  pr: z.optional(z.int().check(z.gte(1))),
});

export const lineageFileSchema = z
  .strictObject({
    schema: z.literal(LINEAGE_SCHEMA),
    model: z.strictObject({
      name: z.string().check(z.minLength(1)),
      path: z.string().check(z.minLength(1), z.describe("As in mlci.yml, relative to its directory.")),
      sha256,
      size_bytes: z.optional(count),
    }),
    git: z.strictObject({
      commit: z
        .nullable(z.string().check(z.regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/)))
        .check(z.describe("null outside a git repository.")),
      branch: z.optional(z.string()),
      dirty: z.optional(z.boolean()).check(z.describe("Tracked files had uncommitted changes (local runs only).")),
    }),
    run: z.optional(runInfo),
    command: z.array(z.string()).check(z.minLength(1)),
    params: z.record(z.string(), z.unknown()),
    data: z.array(dataFingerprint),
    duration_ms: count,
    exit_code: z.int(),
    /** Peak resident memory of the training process tree; null where it cannot be measured. */
    peak_memory_bytes: z
      .nullable(count)
      .check(z.describe("Largest VmHWM of the training process tree (Linux); null where unmeasurable.")),
    /** How peak_memory_bytes was measured, so a reader knows what the number means. */
    peak_memory_method: z.optional(z.enum(["proc-vmhwm", "unavailable"])),
    /** ISO 8601, UTC. */
    started_at: z.iso.datetime({ offset: true }),
  })
  .check(
    z.meta({
      title: "mlci lineage",
      description: "Where a model came from: written by `mlci train`, attached to releases.",
    }),
  );

export type Lineage = Immutable<z.infer<typeof lineageFileSchema>>;
export type DataFingerprint = Immutable<z.infer<typeof dataFingerprint>>;
export type RunInfo = Immutable<z.infer<typeof runInfo>>;

export interface LineageInput {
  readonly model: Lineage["model"];
  readonly git: Lineage["git"];
  readonly run?: RunInfo;
  readonly command: readonly string[];
  readonly params?: Readonly<Record<string, unknown>>;
  readonly data: readonly DataFingerprint[];
  readonly durationMs: number;
  readonly exitCode: number;
  readonly peakMemoryBytes: number | null;
  readonly startedAt: Date;
}

export function buildLineage(input: LineageInput): Lineage {
  return {
    schema: LINEAGE_SCHEMA,
    model: input.model,
    git: input.git,
    ...(input.run ? { run: input.run } : {}),
    command: [...input.command],
    params: input.params ?? {},
    data: sortFingerprints(input.data),
    duration_ms: Math.round(input.durationMs),
    exit_code: input.exitCode,
    peak_memory_bytes: input.peakMemoryBytes,
    peak_memory_method: input.peakMemoryBytes === null ? "unavailable" : "proc-vmhwm",
    started_at: input.startedAt.toISOString(),
  };
}

export function sortFingerprints(fingerprints: readonly DataFingerprint[]): DataFingerprint[] {
  return [...fingerprints].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * One text that changes exactly when a file set's content or names change, in `sha256sum` format
 * (`<hash>  <path>` per line, sorted by path). Its hash is the content key of the whole set.
 */
export function fingerprintManifest(fingerprints: readonly DataFingerprint[]): string {
  return sortFingerprints(fingerprints)
    .map((f) => `${f.sha256}  ${f.path}\n`)
    .join("");
}

/** The pull-request number of a `refs/pull/<n>/merge` ref, as GitHub sets GITHUB_REF for PR runs. */
export function pullRequestFromRef(ref: string | undefined): number | undefined {
  const match = ref?.match(/^refs\/pull\/(\d+)\//);
  return match ? Number(match[1]) : undefined;
}
