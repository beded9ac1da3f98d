import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { globBase, globToRegExp, hasGlobMagic } from "@mlci/core/lineage/glob.js";
import type { DataFingerprint } from "@mlci/core/lineage/lineage.js";
import type { Problem } from "@mlci/core/problem.js";
import { writeJsonOutput } from "../files.js";

/**
 * Content hashes of the data a model is trained on. Hashing is streamed (constant memory) and
 * cached by (path, size, mtime) in `.mlci/cache/fingerprints.json`, so the second run over
 * unchanged multi-gigabyte files costs one stat per file. sha256 because it is what `sha256sum`
 * prints (a user can check a fingerprint by hand); Node's OpenSSL hashes it faster than
 * coreutils `sha256sum` does (bench/train.mjs).
 */

export const FINGERPRINT_CACHE_FILE = ".mlci/cache/fingerprints.json";
const CACHE_SCHEMA = "mlci/fingerprint-cache@1";

interface CacheEntry {
  readonly size: number;
  readonly mtime_ms: number;
  readonly sha256: string;
}
interface CacheFile {
  readonly schema: string;
  readonly entries: Record<string, CacheEntry>;
}

export interface FingerprintStats {
  readonly hashed: number;
  readonly cached: number;
}

/**
 * Expands files and globs (relative to `baseDir`) into the sorted, de-duplicated list of files
 * they name, as paths relative to `baseDir` with `/` separators. A pattern that names nothing is
 * a problem: a training that silently reads no data must not get a clean lineage.
 */
export async function expandDataPatterns(
  patterns: readonly string[],
  baseDir: string,
  configFile: string,
): Promise<{ files: string[]; problems: Problem[] }> {
  const files = new Set<string>();
  const problems: Problem[] = [];
  for (const pattern of patterns) {
    const found = hasGlobMagic(pattern) ? await walkGlob(pattern, baseDir) : await existingFile(pattern, baseDir);
    if (found.length === 0) {
      problems.push({
        kind: "input",
        message: `train.data: ${hasGlobMagic(pattern) ? "no file matches" : "file not found:"} ${pattern}`,
        location: { file: configFile },
        fix: `create the data before training, or correct the path (relative to ${configFile})`,
      });
    }
    for (const file of found) files.add(file);
  }
  return { files: [...files].sort(), problems };
}

async function existingFile(path: string, baseDir: string): Promise<string[]> {
  try {
    const info = await stat(resolve(baseDir, path));
    return info.isFile() ? [toPosix(path)] : [];
  } catch {
    return [];
  }
}

async function walkGlob(pattern: string, baseDir: string): Promise<string[]> {
  const posixPattern = toPosix(pattern);
  const matcher = globToRegExp(posixPattern.replace(/^\.\//, ""));
  const base = globBase(posixPattern);
  const start = resolve(baseDir, base);
  const found: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // a base directory that does not exist matches nothing
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== ".git") await visit(full);
      } else if (entry.isFile()) {
        const shown = isAbsolute(posixPattern) ? toPosix(full) : toPosix(relative(baseDir, full));
        if (matcher.test(shown)) found.push(shown);
      }
    }
  };
  await visit(start);
  return found;
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}

/** Streams a file through sha256. */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash("sha256");
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolvePromise(hash.digest("hex")));
  });
}

/**
 * Fingerprints `files` (relative to `baseDir`), reusing cached hashes of files whose size and
 * mtime did not change, and writes the refreshed cache back (atomically) to `cacheFile`.
 */
export async function fingerprintFiles(
  files: readonly string[],
  baseDir: string,
  cacheFile: string,
): Promise<{ fingerprints: DataFingerprint[]; stats: FingerprintStats }> {
  const cache = await readCache(cacheFile);
  const entries: Record<string, CacheEntry> = { ...cache.entries };
  const fingerprints: DataFingerprint[] = [];
  let hashed = 0;
  let cached = 0;
  for (const file of files) {
    const absolute = resolve(baseDir, file);
    const info = await stat(absolute);
    const previous = entries[absolute];
    let sha256: string;
    if (previous && previous.size === info.size && previous.mtime_ms === info.mtimeMs) {
      sha256 = previous.sha256;
      cached++;
    } else {
      sha256 = await sha256File(absolute);
      entries[absolute] = { size: info.size, mtime_ms: info.mtimeMs, sha256 };
      hashed++;
    }
    fingerprints.push({ path: file, sha256, bytes: info.size });
  }
  if (hashed > 0) await writeJsonOutput(cacheFile, { schema: CACHE_SCHEMA, entries } satisfies CacheFile);
  return { fingerprints, stats: { hashed, cached } };
}

async function readCache(cacheFile: string): Promise<CacheFile> {
  try {
    const parsed = JSON.parse(await readFile(cacheFile, "utf8")) as Partial<CacheFile>;
    if (parsed.schema === CACHE_SCHEMA && parsed.entries && typeof parsed.entries === "object") {
      return parsed as CacheFile;
    }
  } catch {
    // No cache yet, or a damaged one: hash everything again; the cache is only an accelerator.
  }
  return { schema: CACHE_SCHEMA, entries: {} };
}
