/**
 * The train action's two caches: dependencies keyed by the lock files' content, training data keyed
 * by the data's content (core/src/lineage/cache-key.ts), restored before and saved after training.
 */
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { relative, resolve, sep } from "node:path";
import * as cache from "@actions/cache";
import * as core from "@actions/core";
import { type CacheKeys, type CacheKind, cacheKeys } from "@mlci/core/lineage/cache-key.js";
import { dependencyCachePaths } from "@mlci/core/lineage/cache-plan.js";
import { type DataFingerprint, fingerprintManifest } from "@mlci/core/lineage/lineage.js";
import { ProblemError } from "@mlci/core/problem.js";
import { fileExists } from "../files.js";
import { expandDataPatterns, FINGERPRINT_CACHE_FILE, fingerprintFiles } from "../train/fingerprints.js";

export interface CachePlan {
  readonly kind: CacheKind;
  readonly paths: string[];
  readonly keys: CacheKeys;
}

export type CacheResult = "exact" | "partial" | "miss" | "disabled";

/** The lock files the action looks for when `dependency-files` is not given. */
const DEFAULT_LOCK_FILES = [
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "requirements.txt",
  "poetry.lock",
  "Pipfile.lock",
  "uv.lock",
  "environment.yml",
];

/** A path relative to mlci.yml's directory, as a path relative to the workspace (what the cache stores). */
export function fromConfig(path: string, configDir: string, cwd: string): string {
  return relative(cwd, resolve(configDir, path)) || ".";
}

export async function planDependencies(
  inputs: { readonly dependencyFiles: readonly string[]; readonly dependencyPaths: readonly string[] },
  configDir: string,
  cwd: string,
  os: string,
  scope: string,
): Promise<CachePlan | undefined> {
  let lockFiles: string[];
  if (inputs.dependencyFiles.length > 0) {
    lockFiles = [...inputs.dependencyFiles];
  } else {
    // Lock files beside mlci.yml, else at the workspace root.
    lockFiles = [];
    for (const dir of [configDir, cwd]) {
      for (const name of DEFAULT_LOCK_FILES) {
        if (await fileExists(resolve(dir, name))) lockFiles.push(relative(cwd, resolve(dir, name)));
      }
      if (lockFiles.length > 0) break;
    }
  }
  if (lockFiles.length === 0) return undefined;
  const paths = inputs.dependencyPaths.length > 0 ? [...inputs.dependencyPaths] : dependencyCachePaths(lockFiles);
  if (paths.length === 0) return undefined;
  const expanded = await expandDataPatterns(lockFiles, cwd, "dependency-files");
  if (expanded.problems.length > 0) throw new ProblemError(expanded.problems);
  const { fingerprints } = await fingerprintFiles(expanded.files, cwd, resolve(cwd, FINGERPRINT_CACHE_FILE));
  return planFromFingerprints("deps", os, scope, paths.map(expandHome), fingerprints);
}

export async function planData(
  patterns: readonly string[],
  configDir: string,
  os: string,
  scope: string,
  paths: string[],
): Promise<CachePlan> {
  // The data present before training (committed, or none yet): an exact hit when unchanged.
  const expanded = await expandDataPatterns(patterns, configDir, "mlci.yml");
  const { fingerprints } = await fingerprintFiles(
    expanded.files,
    configDir,
    resolve(configDir, FINGERPRINT_CACHE_FILE),
  );
  return planFromFingerprints("data", os, scope, paths, fingerprints);
}

export function planFromFingerprints(
  kind: CacheKind,
  os: string,
  scope: string,
  paths: string[],
  fingerprints: readonly DataFingerprint[],
): CachePlan {
  const contentHash = createHash("sha256").update(fingerprintManifest(fingerprints)).digest("hex");
  return { kind, paths, keys: cacheKeys({ kind, os, scope, contentHash }) };
}

function expandHome(path: string): string {
  return path.startsWith("~/") ? `${homedir()}${sep}${path.slice(2)}` : path;
}

export async function restore(plan: CachePlan | undefined): Promise<{ result: CacheResult; matchedKey?: string }> {
  if (!plan) return { result: "disabled" };
  const matchedKey = await cache.restoreCache(plan.paths, plan.keys.key, [...plan.keys.restoreKeys]);
  if (matchedKey === undefined) {
    core.info(`mlci: no ${plan.kind} cache for ${plan.keys.key}`);
    return { result: "miss" };
  }
  const result = matchedKey === plan.keys.key ? "exact" : "partial";
  core.info(`mlci: ${plan.kind} cache restored (${result}) from ${matchedKey}`);
  return { result, matchedKey };
}

export async function save(plan: CachePlan): Promise<void> {
  const existing = [];
  for (const path of plan.paths) if (await fileExists(path)) existing.push(path);
  if (existing.length === 0) return;
  const id = await cache.saveCache(plan.paths, plan.keys.key);
  if (id !== -1) core.info(`mlci: ${plan.kind} cache saved as ${plan.keys.key}`);
}
