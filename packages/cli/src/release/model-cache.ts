/**
 * Keeps downloaded baseline models between workflow runs. On a laptop the directory .mlci/cache/models/
 * simply stays; in GitHub Actions every job starts from a fresh checkout, so the directory of one model
 * version is saved to and restored from the Actions cache (@actions/cache). A released version never
 * changes, so `mlci-model-NAME-VERSION` is its key; the sha256 in release.json is checked after a
 * restore all the same (resolveBaselineModel), and a mismatch downloads the model again.
 */

/** A store that outlives the job: restore before the download, save after it. */
export interface PersistentModelCache {
  /** True when the directory was restored. */
  restore(directory: string, key: string): Promise<boolean>;
  save(directory: string, key: string): Promise<void>;
}

export function modelCacheKey(name: string, version: string): string {
  return `mlci-model-${name}-${version}`;
}

/**
 * The Actions cache when running in GitHub Actions with the cache service available, else undefined.
 * @actions/cache is loaded only then: it costs about 0.3 s of CPU to import.
 */
export async function actionsModelCache(
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): Promise<PersistentModelCache | undefined> {
  if (env.GITHUB_ACTIONS !== "true") return undefined;
  const cache = await import("@actions/cache");
  if (!cache.isFeatureAvailable()) return undefined;
  // A cache that fails is a slower run, never a failed one: the model is downloaded instead.
  return {
    async restore(directory, key) {
      try {
        return (await cache.restoreCache([directory], key)) !== undefined;
      } catch (error) {
        warn(`could not restore the model cache ${key}: ${messageOf(error)}`);
        return false;
      }
    },
    async save(directory, key) {
      try {
        await cache.saveCache([directory], key);
      } catch (error) {
        warn(`could not save the model cache ${key}: ${messageOf(error)}`);
      }
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
