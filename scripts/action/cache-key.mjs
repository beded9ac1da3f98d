#!/usr/bin/env node
// First step of every mlci composite action (after setup-node): computes the cache key of the action's
// installed code and the paths to cache, and writes them as step outputs `key`, `path` and `root`.
// The key is a content hash of what decides the installed tree (package-lock.json, .npmrc, package.json
// files) and of the sources compiled into dist/, so a warm run restores a tree that matches the code
// exactly and a changed line of source never runs stale JavaScript. Runner OS, architecture and Node
// major are in the key because node_modules holds native binaries (DuckDB, onnxruntime) for one platform.
// No dependencies: this runs before `npm ci`. `hashFiles()` cannot be used instead: it only sees files
// under GITHUB_WORKSPACE, and the action's code lives under the runner's _actions directory.
import { createHash, randomUUID } from "node:crypto";
import { appendFileSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Bump to invalidate every cache when the cached layout changes. */
const CACHE_VERSION = "v1";

/** The root of the action's repository: two levels above this file. */
export const actionRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

function listFiles(directory, keep, out = []) {
  let names;
  try {
    names = readdirSync(directory);
  } catch {
    return out; // an absent directory contributes nothing
  }
  for (const name of names.sort()) {
    if (name === "node_modules" || name === "dist") continue;
    const path = join(directory, name);
    if (statSync(path).isDirectory()) listFiles(path, keep, out);
    else if (keep(path)) out.push(path);
  }
  return out;
}

/** The files whose content decides the cached tree, in a stable order (paths relative to root). */
export function keyFiles(root) {
  const top = ["package-lock.json", "package.json", ".npmrc", "tsconfig.base.json", "tsconfig.json"]
    .map((name) => join(root, name))
    .filter((path) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    });
  const packageFiles = listFiles(join(root, "packages"), (path) => {
    const name = path.split(/[\\/]/).pop() ?? "";
    if (name === "package.json" || name === "tsconfig.json") return true;
    // Sources compiled into dist/, without tests (they are not built into the action's tree).
    return /[\\/]src[\\/]/.test(path) && name.endsWith(".ts") && !name.endsWith(".test.ts");
  });
  const installScripts = listFiles(join(root, "scripts", "action"), () => true);
  return [...top, ...packageFiles, ...installScripts].map((path) => relative(root, path).split("\\").join("/"));
}

export function contentHash(root, files) {
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(file);
    hash.update("\0");
    hash.update(readFileSync(join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 32);
}

/** What actions/cache saves and restores: the installed tree and the compiled packages. */
export function cachePaths(root) {
  const packages = readdirSync(join(root, "packages")).sort();
  return [
    join(root, "node_modules"),
    ...packages.flatMap((name) => [
      join(root, "packages", name, "node_modules"),
      join(root, "packages", name, "dist"),
      join(root, "packages", name, "tsconfig.tsbuildinfo"),
    ]),
  ];
}

export function cacheKey(root, environment) {
  const platform = `${environment.RUNNER_OS ?? process.platform}-${environment.RUNNER_ARCH ?? process.arch}`;
  const node = `node${process.versions.node.split(".")[0]}`;
  return `mlci-action-${CACHE_VERSION}-${platform}-${node}-${contentHash(root, keyFiles(root))}`;
}

/** Appends outputs in the multi-line form GitHub documents for GITHUB_OUTPUT. */
function writeOutputs(file, outputs) {
  for (const [name, value] of Object.entries(outputs)) {
    const delimiter = `mlci_${randomUUID()}`;
    appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outputs = {
    key: cacheKey(actionRoot, process.env),
    path: cachePaths(actionRoot).join("\n"),
    root: actionRoot,
  };
  if (process.env.GITHUB_OUTPUT) writeOutputs(process.env.GITHUB_OUTPUT, outputs);
  else console.log(JSON.stringify(outputs, null, 2));
}
