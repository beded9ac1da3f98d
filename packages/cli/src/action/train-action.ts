import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { dirname, relative, resolve, sep } from "node:path";
import { DefaultArtifactClient } from "@actions/artifact";
import * as cache from "@actions/cache";
import * as core from "@actions/core";
import { type CacheKeys, type CacheKind, cacheKeys } from "@mlci/core/lineage/cache-key.js";
import { dataCachePaths, dependencyCachePaths } from "@mlci/core/lineage/cache-plan.js";
import { type DataFingerprint, fingerprintManifest } from "@mlci/core/lineage/lineage.js";
import { ProblemError } from "@mlci/core/problem.js";
import { train } from "../commands/train.js";
import { ExitCode } from "../exit-codes.js";
import { fileExists } from "../files.js";
import { loadRequiredConfig, selectModel } from "../train/config.js";
import { expandDataPatterns, FINGERPRINT_CACHE_FILE, fingerprintFiles } from "../train/fingerprints.js";
import { runCommand } from "../train/run-command.js";
import { trainingEnvironment } from "../train/training-env.js";

/**
 * The train action (actions/train/action.yml): restore caches, run the optional setup command and
 * the training command through `mlci train`, upload the model and its lineage as an artifact, save
 * caches, set outputs. Inputs arrive as INPUT_* variables (the runner's way for JavaScript
 * actions), so nothing from a workflow expression is ever spliced into a script.
 */

export interface TrainActionInputs {
  readonly command: string;
  readonly setup: string;
  readonly name?: string;
  readonly config?: string;
  readonly lineage?: string;
  readonly artifactName?: string;
  readonly cacheData: boolean;
  readonly cacheDependencies: boolean;
  readonly dataPaths: readonly string[];
  readonly dependencyFiles: readonly string[];
  readonly dependencyPaths: readonly string[];
  readonly retentionDays?: number;
}

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

export function readTrainActionInputs(): TrainActionInputs {
  const optional = (name: string) => core.getInput(name) || undefined;
  const retention = optional("retention-days");
  return {
    command: core.getInput("command"),
    setup: core.getInput("setup"),
    name: optional("name"),
    config: optional("config"),
    lineage: optional("lineage"),
    artifactName: optional("artifact-name"),
    cacheData: core.getInput("cache-data") !== "false",
    cacheDependencies: core.getInput("cache-dependencies") !== "false",
    dataPaths: core.getMultilineInput("data-cache-paths"),
    dependencyFiles: core.getMultilineInput("dependency-files"),
    dependencyPaths: core.getMultilineInput("dependency-cache-paths"),
    retentionDays: retention === undefined ? undefined : Number(retention),
  };
}

interface CachePlan {
  readonly kind: CacheKind;
  readonly paths: string[];
  readonly keys: CacheKeys;
}

type CacheResult = "exact" | "partial" | "miss" | "disabled";

export async function runTrainAction(
  inputs: TrainActionInputs,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Promise<ExitCode> {
  try {
    return await trainInAction(inputs, env, cwd);
  } catch (error) {
    // Configuration problems, and services that refuse (an artifact name already taken in this
    // run, an expired token): one clear error line on the step, exit 2.
    core.setFailed(`mlci train: ${error instanceof Error ? error.message : String(error)}`);
    if (!(error instanceof ProblemError) && error instanceof Error && error.stack) core.debug(error.stack);
    return ExitCode.usage;
  }
}

async function trainInAction(inputs: TrainActionInputs, env: NodeJS.ProcessEnv, cwd: string): Promise<ExitCode> {
  const loaded = await loadRequiredConfig(inputs.config, cwd);
  const { name, model } = selectModel(loaded, inputs.name);
  const patterns = model.train?.data ?? [];
  const os = env.RUNNER_OS || process.platform;
  const cacheAvailable = cache.isFeatureAvailable();
  if (!cacheAvailable) core.info("mlci: the Actions cache service is not available here; caching is off.");

  const depsPlan =
    inputs.cacheDependencies && cacheAvailable ? await planDependencies(inputs, loaded.dir, cwd, os, name) : undefined;
  const dataPaths =
    inputs.dataPaths.length > 0
      ? [...inputs.dataPaths]
      : dataCachePaths(patterns).map((p) => fromConfig(p, loaded.dir, cwd));
  const dataPlanBefore =
    inputs.cacheData && cacheAvailable && dataPaths.length > 0
      ? await planData(patterns, loaded.dir, os, name, dataPaths)
      : undefined;

  const depsRestored = await restore(depsPlan);
  const dataRestored = await restore(dataPlanBefore);
  core.setOutput("dependency-cache-hit", depsRestored.result);
  core.setOutput("data-cache-hit", dataRestored.result);

  const io = { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t) };
  if (inputs.setup.trim() !== "") {
    core.startGroup(`setup: ${inputs.setup}`);
    const setup = await runCommand(
      { shell: inputs.setup },
      {
        cwd: loaded.dir,
        env: trainingEnvironment(env, {
          name,
          modelFile: resolve(loaded.dir, model.path),
          params: model.train?.params ?? {},
        }),
        onStdout: io.stdout,
        onStderr: io.stderr,
      },
    );
    core.endGroup();
    if (setup.exitCode !== 0) {
      core.setFailed(`mlci train: the setup command failed with exit code ${setup.exitCode}`);
      return ExitCode.failed;
    }
  }
  // Dependencies are cached once they are installed, whether or not training then succeeds.
  if (depsPlan && depsRestored.result !== "exact") await save(depsPlan);

  const outcome = await train(
    [],
    { name, config: inputs.config, out: inputs.lineage, shell: inputs.command },
    { io },
    cwd,
    env,
  );
  if (outcome.exitCode !== ExitCode.ok || !outcome.lineage || !outcome.modelFile || !outcome.lineageFile) {
    core.setFailed("mlci train: the training command failed (its output is above)");
    return outcome.exitCode;
  }

  if (dataPlanBefore) {
    const dataPlan = planFromFingerprints("data", os, name, dataPaths, outcome.lineage.data);
    if (dataPlan.keys.key !== dataRestored.matchedKey) await save(dataPlan);
  }

  const artifactName = inputs.artifactName ?? `mlci-model-${name}`;
  const files = [outcome.modelFile, outcome.lineageFile];
  const artifact = await new DefaultArtifactClient().uploadArtifact(artifactName, files, commonDirectory(files), {
    retentionDays: inputs.retentionDays,
  });
  core.setOutput("model-path", relative(cwd, outcome.modelFile));
  core.setOutput("lineage-path", relative(cwd, outcome.lineageFile));
  core.setOutput("artifact-name", artifactName);
  core.setOutput("artifact-id", String(artifact.id ?? ""));
  await writeSummary(outcome.lineage, artifactName, depsRestored.result, dataRestored.result);
  return ExitCode.ok;
}

/** A path relative to mlci.yml's directory, as a path relative to the workspace (what the cache stores). */
function fromConfig(path: string, configDir: string, cwd: string): string {
  return relative(cwd, resolve(configDir, path)) || ".";
}

async function planDependencies(
  inputs: TrainActionInputs,
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

async function planData(
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

function planFromFingerprints(
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

async function restore(plan: CachePlan | undefined): Promise<{ result: CacheResult; matchedKey?: string }> {
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

async function save(plan: CachePlan): Promise<void> {
  const existing = [];
  for (const path of plan.paths) if (await fileExists(path)) existing.push(path);
  if (existing.length === 0) return;
  const id = await cache.saveCache(plan.paths, plan.keys.key);
  if (id !== -1) core.info(`mlci: ${plan.kind} cache saved as ${plan.keys.key}`);
}

/** The deepest directory that holds every file (the artifact's root). */
export function commonDirectory(files: readonly string[]): string {
  const split = files.map((f) => dirname(resolve(f)).split(sep));
  const first = split[0] ?? [];
  let depth = 0;
  while (depth < first.length && split.every((parts) => parts[depth] === first[depth])) depth++;
  return first.slice(0, depth).join(sep) || sep;
}

async function writeSummary(
  lineage: NonNullable<Awaited<ReturnType<typeof train>>["lineage"]>,
  artifactName: string,
  deps: CacheResult,
  data: CacheResult,
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const peak = lineage.peak_memory_bytes === null ? "n/a" : `${(lineage.peak_memory_bytes / 2 ** 20).toFixed(0)} MiB`;
  await core.summary
    .addHeading(`Trained ${lineage.model.name}`, 3)
    .addTable([
      [
        { data: "model", header: true },
        { data: "duration", header: true },
        { data: "peak memory", header: true },
        { data: "data files", header: true },
        { data: "caches (deps / data)", header: true },
        { data: "artifact", header: true },
      ],
      [
        `${lineage.model.path} (sha256 ${lineage.model.sha256.slice(0, 12)})`,
        `${(lineage.duration_ms / 1000).toFixed(1)} s`,
        peak,
        String(lineage.data.length),
        `${deps} / ${data}`,
        artifactName,
      ],
    ])
    .write();
}
