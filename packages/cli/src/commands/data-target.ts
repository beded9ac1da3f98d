import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import type { DatasetConfig } from "@mlci/core/config/data-section.js";
import { ProblemError } from "@mlci/core/problem.js";
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
    if (!byPath && datasets.length > 0 && !isUrl(dataArg) && !/[*?[]/.test(dataArg) && !existsSync(dataArg)) {
      throw unknownData(
        dataArg,
        datasets.map(([name]) => name),
      );
    }
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

/** A name that is neither a dataset of mlci.yml nor a file: most likely a typo of a dataset's name. */
function unknownData(given: string, names: readonly string[]): ProblemError {
  const closest = [...names].sort((a, b) => editDistance(given, a) - editDistance(given, b))[0];
  const near = closest !== undefined && editDistance(given, closest) <= Math.max(2, Math.floor(closest.length / 3));
  return new ProblemError({
    kind: "usage",
    message: `"${given}" is neither a dataset of mlci.yml nor a file; the datasets are: ${names.join(", ")}`,
    fix: near
      ? `did you mean \`mlci validate ${closest}\`?`
      : `mlci validate ${names[0] ?? "DATA"} (or a path to a data file)`,
  });
}

/** Levenshtein distance: insertions, deletions and substitutions, plus swapped neighbours (tset → test). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((d[i - 1]?.[j] ?? 0) + 1, (d[i]?.[j - 1] ?? 0) + 1, (d[i - 1]?.[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (d[i - 2]?.[j - 2] ?? 0) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return d[a.length]?.[b.length] ?? 0;
}
