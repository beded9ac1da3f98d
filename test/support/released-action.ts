// A checkout of a released ref of the mlci actions, as a runner gets it: the action files, the setup
// scripts and release-assets.json naming the bundle of this platform (built by `npm run dist`) by URL
// and sha256, and none of mlci's sources, node_modules or compiled code. An action run from it can only
// work through the bundle path: download, check, extract into the tool cache, run.

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./paths.js";
import { scratchDir } from "./scratch.js";

const PLATFORM = `${process.platform}-${process.arch}`;

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The release asset of this platform, built by scripts/dist.mjs unless one newer than the compiled code exists. */
export function distAsset(): { archive: string; sha256: string; version: string } {
  const version = (JSON.parse(readFileSync(join(repoRoot, "packages/cli/package.json"), "utf8")) as { version: string })
    .version;
  const out = join(repoRoot, ".mlci-out/release");
  const archive = join(out, `mlci-${version}-${PLATFORM}.tar.gz`);
  const inputs = Math.max(
    ...["core", "engine", "model", "report", "forge", "cli"].map((p) =>
      newestMtime(join(repoRoot, "packages", p, "dist")),
    ),
    statSync(join(repoRoot, "scripts/dist.mjs")).mtimeMs,
  );
  const lock = join(repoRoot, ".mlci-out/release.lock");
  mkdirSync(join(repoRoot, ".mlci-out"), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock); // one test file builds, the others wait for it
      break;
    } catch {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (!existsSync(`${archive}.sha256`) || statSync(`${archive}.sha256`).mtimeMs < inputs) {
      const build = spawnSync(process.execPath, [join(repoRoot, "scripts/dist.mjs")], {
        cwd: repoRoot,
        encoding: "utf8",
      });
      if (build.status !== 0) throw new Error(`scripts/dist.mjs failed (exit ${build.status}):\n${build.stderr}`);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  const sha256 = readFileSync(`${archive}.sha256`, "utf8").split(" ")[0] ?? "";
  return { archive, sha256, version };
}

/** A temporary checkout of a released ref; `sha256` overrides the recorded checksum (to test a mismatch). */
export function releasedActionCheckout(options: { sha256?: string } = {}): string {
  const asset = distAsset();
  const checkout = scratchDir("mlci-released-action-");
  for (const path of ["action.yml", "actions", "scripts/action"]) {
    cpSync(join(repoRoot, path), join(checkout, path), { recursive: true });
  }
  const manifest = {
    version: asset.version,
    assets: { [PLATFORM]: { url: pathToFileURL(asset.archive).href, sha256: options.sha256 ?? asset.sha256 } },
  };
  writeFileSync(join(checkout, "release-assets.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return checkout;
}

let shared: { checkout: string; toolCache: string } | undefined;

/** `path` (e.g. actions/evaluate/action.yml) in one released checkout per test file, and its job's tool cache. */
export function releasedAction(path: string): { action: string; env: Record<string, string> } {
  // The tool cache holds an installed bundle (about 100 MB): gone with the test file's process.
  shared ??= { checkout: releasedActionCheckout(), toolCache: scratchDir("mlci-tool-cache-") };
  return { action: join(shared.checkout, path), env: { RUNNER_TOOL_CACHE: shared.toolCache } };
}
