import { dirname, relative, resolve, sep } from "node:path";
import { DefaultArtifactClient } from "@actions/artifact";
import * as cache from "@actions/cache";
import * as core from "@actions/core";
import { dataCachePaths } from "@mlci/core/lineage/cache-plan.js";
import type { Lineage } from "@mlci/core/lineage/lineage.js";
import { ProblemError } from "@mlci/core/problem.js";
import { train } from "../commands/train.js";
import { ExitCode } from "../exit-codes.js";
import type { LoadedConfig } from "../files.js";
import { guardIo } from "../log-safety.js";
import { loadRequiredConfig, selectModel } from "../train/config.js";
import { runCommand } from "../train/run-command.js";
import { trainingEnvironment } from "../train/training-env.js";
import { type Environment, readInput, readLines } from "./inputs.js";
import {
  type CachePlan,
  type CacheResult,
  fromConfig,
  planData,
  planDependencies,
  planFromFingerprints,
  restore,
  save,
} from "./train-caches.js";

/**
 * The train action (actions/train/action.yml), in three steps like the other actions: the inputs
 * (INPUT_* variables, the runner's way for JavaScript actions, so nothing from a workflow expression
 * is ever spliced into a script), the run (restore caches, the optional setup command, `mlci train`,
 * save caches, upload model and lineage as an artifact), and the outputs, summary and failure.
 */

export interface TrainActionInputs {
  readonly command: string;
  readonly setup: string;
  readonly name?: string | undefined;
  readonly config?: string | undefined;
  readonly lineage?: string | undefined;
  readonly artifactName?: string | undefined;
  readonly cacheData: boolean;
  readonly cacheDependencies: boolean;
  readonly dataPaths: readonly string[];
  readonly dependencyFiles: readonly string[];
  readonly dependencyPaths: readonly string[];
  readonly retentionDays?: number | undefined;
}

export function readTrainActionInputs(environment: Environment): TrainActionInputs {
  const retention = readInput(environment, "retention-days");
  return {
    command: readInput(environment, "command") ?? "",
    setup: readInput(environment, "setup") ?? "",
    name: readInput(environment, "name"),
    config: readInput(environment, "config"),
    lineage: readInput(environment, "lineage"),
    artifactName: readInput(environment, "artifact-name"),
    cacheData: readInput(environment, "cache-data") !== "false",
    cacheDependencies: readInput(environment, "cache-dependencies") !== "false",
    dataPaths: readLines(environment, "data-cache-paths"),
    dependencyFiles: readLines(environment, "dependency-files"),
    dependencyPaths: readLines(environment, "dependency-cache-paths"),
    retentionDays: retention === undefined ? undefined : Number(retention),
  };
}

/** What the run leaves for the runner: outputs (also those set before a failure), a summary, an error line. */
interface TrainActionOutcome {
  readonly exitCode: ExitCode;
  readonly failure?: string;
  readonly summary?: TrainSummary;
}

interface TrainSummary {
  readonly lineage: Lineage;
  readonly artifactName: string;
  readonly caches: { readonly deps: CacheResult; readonly data: CacheResult };
}

type Outputs = Record<string, string>;

export async function runTrainAction(
  inputs: TrainActionInputs,
  env: NodeJS.ProcessEnv,
  cwd: string = process.cwd(),
): Promise<ExitCode> {
  const outputs: Outputs = {};
  let outcome: TrainActionOutcome;
  try {
    outcome = await trainInAction(inputs, env, cwd, outputs);
  } catch (error) {
    // Configuration problems, and services that refuse (an artifact name already taken in this
    // run, an expired token): one clear error line on the step, exit 2.
    if (!(error instanceof ProblemError) && error instanceof Error && error.stack) core.debug(error.stack);
    outcome = { exitCode: ExitCode.usage, failure: error instanceof Error ? error.message : String(error) };
  }
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  if (outcome.summary && env.GITHUB_STEP_SUMMARY) await writeSummary(outcome.summary);
  if (outcome.failure) core.setFailed(`mlci train: ${outcome.failure}`);
  return outcome.exitCode;
}

async function trainInAction(
  inputs: TrainActionInputs,
  env: NodeJS.ProcessEnv,
  cwd: string,
  outputs: Outputs,
): Promise<TrainActionOutcome> {
  const loaded = await loadRequiredConfig(inputs.config, cwd);
  const { name, model } = selectModel(loaded, inputs.name);
  const caches = await restoreCaches(inputs, loaded, name, model.train?.data ?? [], env, cwd);
  outputs["dependency-cache-hit"] = caches.deps.result;
  outputs["data-cache-hit"] = caches.data.result;

  const io = { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t) };
  if (inputs.setup.trim() !== "") {
    const setupExitCode = await runSetup(inputs.setup, loaded, name, model, env, io);
    if (setupExitCode !== 0) {
      return { exitCode: ExitCode.failed, failure: `the setup command failed with exit code ${setupExitCode}` };
    }
  }
  // Dependencies are cached once they are installed, whether or not training then succeeds.
  if (caches.deps.plan && caches.deps.result !== "exact") await save(caches.deps.plan);

  const outcome = await train(
    [],
    { name, config: inputs.config, out: inputs.lineage, shell: inputs.command },
    // The training command's own output as it is (its ::group:: lines work); mlci's lines guarded.
    { io: guardIo(io, { commands: true }), commandOutput: io },
    cwd,
    env,
  );
  if (outcome.exitCode !== ExitCode.ok || !outcome.lineage || !outcome.modelFile || !outcome.lineageFile) {
    return { exitCode: outcome.exitCode, failure: "the training command failed (its output is above)" };
  }
  if (caches.data.plan) {
    // Keyed by the data training read (lineage.json), which may differ from what was there before.
    const after = planFromFingerprints("data", caches.os, name, caches.data.plan.paths, outcome.lineage.data);
    if (after.keys.key !== caches.data.matchedKey) await save(after);
  }

  const artifactName = inputs.artifactName ?? `mlci-model-${name}`;
  const files = [outcome.modelFile, outcome.lineageFile];
  const artifact = await new DefaultArtifactClient().uploadArtifact(artifactName, files, commonDirectory(files), {
    retentionDays: inputs.retentionDays,
  });
  outputs["model-path"] = relative(cwd, outcome.modelFile);
  outputs["lineage-path"] = relative(cwd, outcome.lineageFile);
  outputs["artifact-name"] = artifactName;
  outputs["artifact-id"] = String(artifact.id ?? "");
  return {
    exitCode: ExitCode.ok,
    summary: { lineage: outcome.lineage, artifactName, caches: { deps: caches.deps.result, data: caches.data.result } },
  };
}

interface RestoredCache {
  readonly plan: CachePlan | undefined;
  readonly result: CacheResult;
  readonly matchedKey?: string;
}

/** Plans both caches from the inputs and mlci.yml and restores them before anything runs. */
async function restoreCaches(
  inputs: TrainActionInputs,
  loaded: LoadedConfig,
  name: string,
  patterns: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ os: string; deps: RestoredCache; data: RestoredCache }> {
  const os = env.RUNNER_OS || process.platform;
  const available = cache.isFeatureAvailable();
  if (!available) core.info("mlci: the Actions cache service is not available here; caching is off.");
  const depsPlan =
    inputs.cacheDependencies && available ? await planDependencies(inputs, loaded.dir, cwd, os, name) : undefined;
  const dataPaths =
    inputs.dataPaths.length > 0
      ? [...inputs.dataPaths]
      : dataCachePaths(patterns).map((p) => fromConfig(p, loaded.dir, cwd));
  const dataPlan =
    inputs.cacheData && available && dataPaths.length > 0
      ? await planData(patterns, loaded.dir, os, name, dataPaths)
      : undefined;
  const deps = { plan: depsPlan, ...(await restore(depsPlan)) };
  const data = { plan: dataPlan, ...(await restore(dataPlan)) };
  return { os, deps, data };
}

/** The setup command (usually the dependency install), in mlci.yml's directory, in a log group. */
async function runSetup(
  setup: string,
  loaded: LoadedConfig,
  name: string,
  model: ReturnType<typeof selectModel>["model"],
  env: NodeJS.ProcessEnv,
  io: { stdout: (t: string) => void; stderr: (t: string) => void },
): Promise<number> {
  core.startGroup(`setup: ${setup}`);
  const outcome = await runCommand(
    { shell: setup },
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
  return outcome.exitCode;
}

/** The deepest directory that holds every file (the artifact's root). */
export function commonDirectory(files: readonly string[]): string {
  const split = files.map((f) => dirname(resolve(f)).split(sep));
  const first = split[0] ?? [];
  let depth = 0;
  while (depth < first.length && split.every((parts) => parts[depth] === first[depth])) depth++;
  return first.slice(0, depth).join(sep) || sep;
}

async function writeSummary({ lineage, artifactName, caches }: TrainSummary): Promise<void> {
  const { deps, data } = caches;
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
