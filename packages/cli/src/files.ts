import { mkdir, readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { DEFAULT_CONFIG_FILE } from "@mlci/core/config/config-location.js";
import type { MlciConfig } from "@mlci/core/config/mlci-config.js";
import { ProblemError } from "@mlci/core/problem.js";
import type WriteFileAtomic from "write-file-atomic";
import { unreadableInput } from "./file-guard.js";

/** Reads a text file the user named; a missing or unreadable file is an input problem (exit 2). */
export async function readInputText(path: string, what: string): Promise<string> {
  // A FIFO nobody writes to would block the read forever: refuse what is not a file first.
  const unreadable = unreadableInput(path, await stat(path).catch(() => undefined));
  if (unreadable) throw new ProblemError(unreadable);
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === "ENOENT" ? `${what} not found` : `cannot read ${what}: ${(error as Error).message}`;
    throw new ProblemError({ kind: "input", message, location: { file: path }, fix: "check the path" });
  }
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes an output file atomically (temporary file + rename), creating its directory: a reader never
 * sees half a file, and a crash never leaves the previous version truncated.
 */
export async function writeOutputFile(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(resolve(path)), { recursive: true });
  await writeFileAtomic()(path, typeof content === "string" ? content : Buffer.from(content));
}

/**
 * write-file-atomic, loaded at the first write: at load it requires node:crypto, worker_threads and
 * signal-exit (about 8 ms of CPU), which a command that writes no file (`mlci validate` without --out)
 * does not need. Required, as engine's duckdb-module.ts explains; scripts/dist.mjs bundles it.
 */
function writeFileAtomic(): typeof WriteFileAtomic {
  atomicWriter ??= createRequire(import.meta.url)("write-file-atomic") as typeof WriteFileAtomic;
  return atomicWriter;
}

let atomicWriter: typeof WriteFileAtomic | undefined;

export async function writeJsonOutput(path: string, value: unknown): Promise<void> {
  await writeOutputFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

export interface LoadedConfig {
  readonly config: MlciConfig;
  /** The configuration file as named (or the default). */
  readonly file: string;
  /** Its directory: relative paths inside the configuration start here. */
  readonly dir: string;
}

/**
 * Loads mlci.yml: a path given with --config must exist; without it, `mlci.yml` in `cwd` is used when
 * present, and no configuration at all is fine (every setting can come from flags).
 */
export async function loadConfig(path: string | undefined, cwd = process.cwd()): Promise<LoadedConfig | undefined> {
  const file = path ?? resolve(cwd, DEFAULT_CONFIG_FILE);
  if (path === undefined && !(await fileExists(file))) return undefined;
  const text = await readInputText(file, "configuration file");
  // The parser (yaml, zod) loads only when there is a file to parse.
  const { parseMlciConfig } = await import("@mlci/core/config/mlci-config.js");
  const parsed = parseMlciConfig(text, path ?? DEFAULT_CONFIG_FILE);
  if (!parsed.ok) throw new ProblemError(parsed.error);
  return { config: parsed.value, file, dir: dirname(resolve(file)) };
}
