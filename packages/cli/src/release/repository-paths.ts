import { realpath } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { git } from "@mlci/forge/releases/git.js";

/**
 * Paths as a model card shows them: relative to the repository's root (the git top level of the
 * working directory), with `/` separators, whatever directory each file was named from (mlci.yml's
 * for lineage and contracts, the working directory for evaluation data). Outside a repository the
 * working directory is the root.
 */
export interface RepositoryPaths {
  /** `path`, named relative to `base` (or absolute), as a path from the repository root; URLs unchanged. */
  fromBase(base: string, path: string): Promise<string>;
}

export async function repositoryPaths(cwd: string = process.cwd()): Promise<RepositoryPaths> {
  const here = await canonical(cwd);
  const root = await git(here, ["rev-parse", "--show-toplevel"]).then(
    (out) => canonical(out.trim()),
    () => here,
  );
  return {
    async fromBase(base, path) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path;
      const named = isAbsolute(path) ? path : resolve(base, path);
      // The directory canonical, the file itself not: a linked model keeps its own name.
      const absolute = join(await canonical(dirname(named)), basename(named));
      const inRoot = relative(root, absolute);
      return (isAbsolute(inRoot) ? absolute : inRoot).split(sep).join("/") || ".";
    },
  };
}

/** The path with symbolic links resolved, as git reports the top level (as given when it does not exist). */
async function canonical(path: string): Promise<string> {
  return realpath(path).catch(() => resolve(path));
}
