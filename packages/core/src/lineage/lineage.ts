/**
 * lineage.json: where a model came from. Written by `mlci train`, attached to releases. The
 * format is versioned (`schema`) and described by schemas/lineage.schema.json.
 */

export const LINEAGE_SCHEMA = "mlci/lineage@1";

/** The content hash of one data file the training read. */
export interface DataFingerprint {
  /** As declared, relative to mlci.yml's directory, with `/` separators. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface RunInfo {
  readonly id: string;
  readonly url: string;
  readonly pr?: number;
}

export interface Lineage {
  readonly schema: typeof LINEAGE_SCHEMA;
  readonly model: {
    readonly name: string;
    readonly path: string;
    readonly sha256: string;
    readonly size_bytes: number;
  };
  readonly git: { readonly commit: string | null; readonly branch?: string; readonly dirty?: boolean };
  readonly run?: RunInfo;
  readonly command: readonly string[];
  readonly params: Readonly<Record<string, unknown>>;
  readonly data: readonly DataFingerprint[];
  readonly duration_ms: number;
  readonly exit_code: number;
  /** Peak resident memory of the training process tree; null where it cannot be measured. */
  readonly peak_memory_bytes: number | null;
  /** How peak_memory_bytes was measured, so a reader knows what the number means. */
  readonly peak_memory_method: "proc-vmhwm" | "unavailable";
  /** ISO 8601, UTC. */
  readonly started_at: string;
}

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
