// The cache key of the actions' installed code (scripts/action/cache-key.mjs): it changes with what
// decides the installed tree and the compiled code, and with nothing else.
import assert from "node:assert/strict";
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { scratchDir } from "./support/scratch.js";

interface CacheKeyModule {
  keyFiles(root: string): string[];
  cacheKey(root: string, environment: Record<string, string | undefined>): string;
  cachePaths(root: string): string[];
}

const modulePath = join(process.cwd(), "scripts/action/cache-key.mjs");
const { cacheKey, cachePaths, keyFiles } = (await import(modulePath)) as CacheKeyModule;
const runner = { RUNNER_OS: "Linux", RUNNER_ARCH: "X64" };

function miniRepository(): string {
  const root = scratchDir("mlci-key-");
  for (const file of ["package.json", "package-lock.json", ".npmrc", "tsconfig.base.json"]) {
    cpSync(file, join(root, file));
  }
  cpSync("packages/core/package.json", join(root, "packages/core/package.json"));
  cpSync("packages/core/src/result.ts", join(root, "packages/core/src/result.ts"));
  writeFileSync(join(root, "packages/core/src/result.test.ts"), "// a test\n");
  return root;
}

test("hashes the lock, the manifests and the sources, not the tests", () => {
  const root = miniRepository();
  assert.deepEqual(keyFiles(root), [
    "package-lock.json",
    "package.json",
    ".npmrc",
    "tsconfig.base.json",
    "packages/core/package.json",
    "packages/core/src/result.ts",
  ]);
});

test("a source or lock change changes the key; a test change or another checkout does not", () => {
  const root = miniRepository();
  const before = cacheKey(root, runner);
  assert.match(before, /^mlci-action-v1-Linux-X64-node\d+-[0-9a-f]{32}$/);
  assert.equal(cacheKey(miniRepository(), runner), before, "same content elsewhere, same key");
  writeFileSync(join(root, "packages/core/src/result.test.ts"), "// another test\n");
  assert.equal(cacheKey(root, runner), before);
  writeFileSync(join(root, "packages/core/src/result.ts"), "export const changed = 1;\n");
  const afterSource = cacheKey(root, runner);
  assert.notEqual(afterSource, before);
  writeFileSync(join(root, "package-lock.json"), "{}\n");
  assert.notEqual(cacheKey(root, runner), afterSource);
});

test("the platform is part of the key, and the cached paths are the installed tree and dist", () => {
  const root = miniRepository();
  assert.notEqual(cacheKey(root, runner), cacheKey(root, { RUNNER_OS: "macOS", RUNNER_ARCH: "ARM64" }));
  assert.deepEqual(cachePaths(root), [
    join(root, "node_modules"),
    join(root, "packages/core/node_modules"),
    join(root, "packages/core/dist"),
    join(root, "packages/core/tsconfig.tsbuildinfo"),
  ]);
});
