import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as SignalExit from "signal-exit";

/** A private directory for DuckDB to spill into, and how to remove it. */
export interface SpillDirectory {
  readonly path: string;
  /** Removes the directory (and stops watching for the process's end). */
  remove(): void;
}

/**
 * DuckDB spills past its memory limit into `temp_directory`, which for an in-memory database is `.tmp`
 * in the current directory: the user's checkout. This is a private directory of the system's instead.
 * It is removed when the database closes, and also when the process ends first: Ctrl-C on a large
 * `mlci validate`, or a cancelled job on a self-hosted runner (SIGTERM), would otherwise leave up to
 * the data's size in spill files behind, every time. signal-exit runs the removal on exit and on the
 * signals that end a process, then lets the signal end it as it would have.
 */
export function makeSpillDirectory(): SpillDirectory {
  const path = mkdtempSync(join(tmpdir(), "mlci-duckdb-"));
  const removeNow = () => rmSync(path, { recursive: true, force: true });
  // Returns nothing on purpose: a handler that returns true keeps signal-exit from re-raising the signal.
  const stopWatching = signalExit().onExit(() => {
    removeNow();
  });
  return {
    path,
    remove() {
      stopWatching();
      removeNow();
    },
  };
}

/** Required, not imported: see duckdb-module.ts (the cost of Node's ESM scan of a CommonJS package). */
function signalExit(): typeof SignalExit {
  loaded ??= createRequire(import.meta.url)("signal-exit") as typeof SignalExit;
  return loaded;
}

let loaded: typeof SignalExit | undefined;
