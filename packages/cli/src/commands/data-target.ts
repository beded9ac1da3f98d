import { isAbsolute, relative, resolve } from "node:path";
import { type DatasetConfig, ProblemError } from "@mlci/core";
import type { LoadedConfig } from "../files.js";

export interface DataTarget {
  /** A file, glob or URL as DuckDB should read it. */
  readonly data: string;
  /** The contract, when the command line or mlci.yml names one. */
  readonly contract: string | undefined;
}

function isUrl(path: string): boolean {
  return /^https?:\/\//i.test(path);
}

/**
 * A path from mlci.yml (relative to its directory) as the user would type it from here: relative to
 * the current directory when below it, so reports show `data/batch.csv`, not a runner's absolute path.
 */
function fromConfigDir(path: string, config: LoadedConfig): string {
  const absolute = resolve(config.dir, path);
  const here = relative(process.cwd(), absolute);
  return here.startsWith("..") || isAbsolute(here) ? absolute : here;
}

function fromEntry(entry: DatasetConfig, config: LoadedConfig): DataTarget {
  return {
    data: isUrl(entry.path) ? entry.path : fromConfigDir(entry.path, config),
    contract: entry.contract === undefined ? undefined : fromConfigDir(entry.contract, config),
  };
}

/**
 * What to validate: DATA may be a path or the name of a dataset in mlci.yml (`data:`), whose
 * `contract:` is used unless --schema overrides it. Without DATA, the one dataset of mlci.yml that
 * has a contract is meant.
 */
export function resolveDataTarget(dataArg: string | undefined, config: LoadedConfig | undefined): DataTarget {
  const datasets = Object.entries(config?.config.data ?? {});
  if (dataArg !== undefined) {
    const named = datasets.find(([name]) => name === dataArg);
    if (named && config) return fromEntry(named[1], config);
    const wanted = isUrl(dataArg) ? dataArg : resolve(dataArg);
    const byPath = config
      ? datasets.find(([, entry]) => !isUrl(entry.path) && resolve(config.dir, entry.path) === wanted)
      : undefined;
    return { data: dataArg, contract: byPath && config ? fromEntry(byPath[1], config).contract : undefined };
  }
  const withContract = datasets.filter(([, entry]) => entry.contract !== undefined);
  if (config && withContract.length === 1 && withContract[0]) return fromEntry(withContract[0][1], config);
  throw new ProblemError({
    kind: "usage",
    message:
      withContract.length > 1
        ? `name the dataset to use: ${withContract.map(([name]) => name).join(", ")} (mlci.yml has several with a contract)`
        : "name the data to use (a file, glob, URL or a dataset name from mlci.yml)",
    fix: "mlci validate DATA --schema schema.yml",
  });
}
