#!/usr/bin/env node
// Installs the action's code on a cache miss (the composite step runs it only then):
//  1. `npm ci --ignore-scripts`: the exact tree of package-lock.json. No dependency runs an install
//     script: DuckDB's binding comes from its optional platform package (@duckdb/node-bindings-<os>-<arch>)
//     and onnxruntime-node ships its CPU binaries inside the npm package (.npmrc skips its optional
//     CUDA download anyway).
//  2. `tsc -b packages/cli`: compiles the CLI and the packages it references (not the tests).
//  3. `npm prune --omit=dev` and removing onnxruntime binaries of other platforms, so the cache that
//     actions/cache saves after the job holds only what this runner needs.
import { spawnSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { actionRoot } from "./cache-key.mjs";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function run(command, args) {
  const started = performance.now();
  console.log(`mlci: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd: actionRoot, stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) {
    console.error(`mlci: \`${command} ${args.join(" ")}\` failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  console.log(`mlci: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// onnxruntime-node ships bin/napi-vN/<platform>/<arch>/ for every platform; keep this runner's only.
export function removeForeignOnnxBinaries(root, platform = process.platform, arch = process.arch) {
  const bin = join(root, "node_modules", "onnxruntime-node", "bin");
  let napiDirectories;
  try {
    napiDirectories = readdirSync(bin);
  } catch {
    return []; // onnxruntime-node not installed: nothing to trim
  }
  const removed = [];
  for (const napi of napiDirectories) {
    for (const os of readdirSync(join(bin, napi))) {
      for (const cpu of readdirSync(join(bin, napi, os))) {
        if (os === platform && cpu === arch) continue;
        rmSync(join(bin, napi, os, cpu), { recursive: true, force: true });
        removed.push(`${napi}/${os}/${cpu}`);
      }
    }
  }
  return removed;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  run(npm, ["ci", "--ignore-scripts", "--no-audit", "--no-fund"]);
  run(process.execPath, [join(actionRoot, "node_modules", "typescript", "bin", "tsc"), "-b", "packages/cli"]);
  if (process.env.MLCI_KEEP_DEV_DEPENDENCIES !== "true") {
    run(npm, ["prune", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"]);
    const removed = removeForeignOnnxBinaries(actionRoot);
    if (removed.length > 0) console.log(`mlci: removed onnxruntime binaries of other platforms: ${removed.join(", ")}`);
  }
}
