/**
 * The one check every command runs before it reads or writes anything: no output may be one of its
 * inputs, and every local input must be a file mlci can read to its end.
 *
 * "The same file" is decided by the file system, not by the spelling of the path: `./x`, `x`,
 * `/abs/x`, `dir/../x`, a symbolic link to `x` (or a link to its directory) and a hard link to `x`
 * are all `x`. A glob input covers every file it matches, also one that an output would create.
 * FIFOs, sockets and devices are refused up front: reading a FIFO nobody writes to waits forever.
 */
import type { Stats } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { globBase, globToRegExp, hasGlobMagic } from "@mlci/core/lineage/glob.js";
import { type Problem, ProblemError } from "@mlci/core/problem.js";

/** An output file and the flag that named it, for the message. */
export interface GuardedOutput {
  readonly flag: string;
  readonly path: string | undefined;
}

export interface GuardedFiles {
  /** Files, globs or URLs the command reads; undefined entries (options not given) are skipped. */
  readonly inputs: readonly (string | undefined)[];
  readonly outputs: readonly GuardedOutput[];
}

function isUrl(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
}

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

/**
 * Where a path really is: symbolic links of the path and its directories resolved. A path that does
 * not exist yet is its nearest existing ancestor's real path plus the rest, which is where a write
 * would create it.
 */
export async function realLocation(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    const parent = dirname(absolute);
    if (parent === absolute) return absolute;
    return join(await realLocation(parent), basename(absolute));
  }
}

/** What kind of file a non-regular one is, in words. */
function describeKind(stats: Stats): string {
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isDirectory()) return "a directory";
  return "not a regular file";
}

/** A FIFO, socket or device as an input (a directory is left to the reader, which may accept one). */
export function unreadableInput(path: string, stats: Stats | undefined): Problem | undefined {
  if (stats === undefined || stats.isFile() || stats.isDirectory()) return undefined;
  return {
    kind: "input",
    message: `${path} is ${describeKind(stats)}, not a regular file; mlci reads inputs from files only`,
    location: { file: path },
    fix: "save the data to a file and pass that file",
  };
}

interface LocalInput {
  readonly path: string;
  readonly stats: Stats | undefined;
  /** For a glob: matches the real paths of the files it covers. */
  readonly patterns: readonly RegExp[];
}

async function describeInput(path: string): Promise<LocalInput> {
  if (!hasGlobMagic(path)) return { path, stats: await statOrUndefined(path), patterns: [] };
  // A glob as written (made absolute) and as seen through its real base directory.
  const absolute = resolve(path).split("\\").join("/");
  const base = resolve(globBase(path.split("\\").join("/")));
  const realBase = await realLocation(base);
  const rest = absolute.slice(base.length);
  return {
    path,
    stats: undefined,
    patterns: [globToRegExp(absolute), globToRegExp(`${realBase}${rest}`)],
  };
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** Refuses, with exit 2, outputs that are inputs (by any path), clashing outputs and unreadable inputs. */
export async function guardFiles(files: GuardedFiles): Promise<void> {
  const inputs = await Promise.all(
    files.inputs.filter((p): p is string => p !== undefined && p !== "" && !isUrl(p)).map(describeInput),
  );
  const problems: Problem[] = [];
  for (const input of inputs) {
    const problem = unreadableInput(input.path, input.stats);
    if (problem) problems.push(problem);
  }
  const outputs = files.outputs.filter((o): o is { flag: string; path: string } => o.path !== undefined);
  const seen: { flag: string; path: string; real: string; stats: Stats | undefined }[] = [];
  for (const output of outputs) {
    const stats = await statOrUndefined(output.path);
    const real = await realLocation(output.path);
    if (stats && !stats.isFile()) {
      problems.push({
        kind: "usage",
        message: `${output.flag} ${output.path} is ${describeKind(stats)}; mlci writes its results to regular files`,
        fix: "name a file to write (it is created when missing)",
      });
      continue;
    }
    const input = inputs.find(
      (i) =>
        (stats !== undefined && i.stats !== undefined && sameFile(stats, i.stats)) ||
        i.patterns.some((pattern) => pattern.test(real)),
    );
    if (input) {
      problems.push({
        kind: "usage",
        message: `${output.flag} ${output.path} is the input ${input.path}${input.path === output.path ? "" : " (the same file by another path)"}; writing it would destroy the input`,
        fix: "write the result to another file",
      });
      continue;
    }
    const twin = seen.find((o) => o.real === real || (stats && o.stats && sameFile(stats, o.stats)));
    if (twin) {
      problems.push({
        kind: "usage",
        message: `${output.flag} ${output.path} and ${twin.flag} ${twin.path} are the same file; one result would overwrite the other`,
        fix: "give each output its own file",
      });
      continue;
    }
    seen.push({ ...output, real, stats });
  }
  if (problems.length > 0) throw new ProblemError(problems);
}
