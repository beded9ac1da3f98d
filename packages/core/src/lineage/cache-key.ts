/**
 * Cache keys for the train action. A key names the exact content (a hash of the files that define
 * what is cached); restore keys let a run start from the newest cache of the same kind when nothing
 * matches exactly (a partial hit: most dataset shards or most dependencies are still valid).
 */

export type CacheKind = "data" | "deps";

export interface CacheKeyInput {
  readonly kind: CacheKind;
  /** The runner's OS (RUNNER_OS), since dependency caches hold native binaries. */
  readonly os: string;
  /** What the cache belongs to, usually the model name. */
  readonly scope: string;
  /** sha256 (hex) of the fingerprint manifest of the files that define the content. */
  readonly contentHash: string;
}

export interface CacheKeys {
  readonly key: string;
  /** Most specific first, as @actions/cache expects. */
  readonly restoreKeys: readonly string[];
}

/** @actions/cache refuses keys longer than 512 characters or containing commas. */
const MAX_KEY_LENGTH = 512;

export function cacheKeys(input: CacheKeyInput): CacheKeys {
  const os = sanitize(input.os.toLowerCase());
  const scope = sanitize(input.scope);
  const prefix = `mlci-${input.kind}-${os}-`;
  const scoped = `${prefix}${scope}-`;
  const key = `${scoped}${input.contentHash}`;
  if (key.length > MAX_KEY_LENGTH) throw new Error(`cache key longer than ${MAX_KEY_LENGTH} characters: ${key}`);
  return { key, restoreKeys: [scoped, prefix] };
}

function sanitize(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, "_");
}
