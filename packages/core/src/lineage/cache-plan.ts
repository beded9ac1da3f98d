import { globBase, hasGlobMagic } from "./glob.js";

/**
 * What the train action caches, decided from what the repository declares. Pure: paths in, paths
 * out; the adapter hashes files and talks to the cache service.
 */

/**
 * Lock files that pin a project's dependencies, and where their package managers keep downloads on
 * a Linux or macOS runner (`~` is expanded by @actions/cache). The cache key hashes the lock files,
 * so a changed lock file starts from the newest older cache (a partial hit) and saves a new one.
 */
export const DEPENDENCY_CACHES: Readonly<Record<string, readonly string[]>> = {
  "package-lock.json": ["~/.npm"],
  "npm-shrinkwrap.json": ["~/.npm"],
  "yarn.lock": ["~/.cache/yarn"],
  "pnpm-lock.yaml": ["~/.local/share/pnpm/store"],
  "requirements.txt": ["~/.cache/pip"],
  "requirements-dev.txt": ["~/.cache/pip"],
  "poetry.lock": ["~/.cache/pip", "~/.cache/pypoetry"],
  "Pipfile.lock": ["~/.cache/pip", "~/.cache/pipenv"],
  "uv.lock": ["~/.cache/uv"],
  "environment.yml": ["~/conda_pkgs_dir"],
};

/** The download directories for the lock files present (by file name), de-duplicated, sorted. */
export function dependencyCachePaths(lockFiles: readonly string[]): string[] {
  const paths = new Set<string>();
  for (const file of lockFiles) {
    const name = file.split("/").pop() ?? file;
    for (const path of DEPENDENCY_CACHES[name] ?? []) paths.add(path);
  }
  return [...paths].sort();
}

/**
 * What to cache for the declared training data: the directory a glob walks from, or the file
 * itself. A pattern that starts at the project root (`*.csv`) caches nothing: caching the whole
 * checkout would be wrong, and such data is in git anyway.
 */
export function dataCachePaths(patterns: readonly string[]): string[] {
  const paths = new Set<string>();
  for (const pattern of patterns) {
    const path = hasGlobMagic(pattern) ? globBase(pattern) : pattern;
    if (path !== "." && path !== "/" && path !== "") paths.add(path.replace(/^\.\//, ""));
  }
  return [...paths].sort();
}
