import { stat } from "node:fs/promises";
import { relative, resolve } from "node:path";
import type { TrainConfig } from "@mlci/core/config/train-section.js";
import { formatBytes } from "@mlci/core/format/numbers.js";
import { buildLineage, type Lineage } from "@mlci/core/lineage/lineage.js";
import { ProblemError } from "@mlci/core/problem.js";
import { checkOnnxModel } from "@mlci/model/onnx-check.js";
import { ExitCode } from "../exit-codes.js";
import { guardFiles } from "../file-guard.js";
import { writeJsonOutput } from "../files.js";
import { type CommandContext, registerCommand } from "../program.js";
import { loadRequiredConfig, selectModel } from "../train/config.js";
import { expandDataPatterns, FINGERPRINT_CACHE_FILE, fingerprintFiles, sha256File } from "../train/fingerprints.js";
import { gitInfo, runInfo } from "../train/git-info.js";
import { commandArgv, runCommand, type TrainCommand } from "../train/run-command.js";
import { trainingEnvironment } from "../train/training-env.js";

export interface TrainOptions {
  readonly name?: string;
  readonly config?: string;
  /** Default: lineage.json beside mlci.yml, where `mlci release` looks for it. */
  readonly out?: string;
  /** A command line for `sh -c` (the train action's `command` input); used when no argv is given. */
  readonly shell?: string;
}

export interface TrainOutcome {
  readonly exitCode: ExitCode;
  readonly lineage?: Lineage;
  /** Absolute paths, for the action's outputs and artifact. */
  readonly modelFile?: string;
  readonly lineageFile?: string;
}

registerCommand((program, ctx) => {
  program
    .command("train")
    .description(
      "run the training command (any language), check the model it writes, and record its lineage: commit, data hashes, params, duration, peak memory",
    )
    .option("--name <name>", "model name in mlci.yml (default: the only model)")
    .option("--config <path>", "mlci.yml (default: ./mlci.yml)")
    .option("--out <path>", "where to write lineage.json (default: beside mlci.yml)")
    .argument("[command...]", "the training command after --, overriding models.<name>.train.command")
    .addHelpText("after", "\nExample:\n  mlci train --name flights-delay -- node train.mjs --epochs 20\n")
    .action(async (command: string[], options: TrainOptions) => {
      const outcome = await train(command, options, ctx, process.cwd(), process.env);
      ctx.setExitCode(outcome.exitCode);
    });
});

/** The whole `mlci train` run; also called by the train action. */
export async function train(
  commandArgs: readonly string[],
  options: TrainOptions,
  ctx: Pick<CommandContext, "io" | "commandOutput">,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<TrainOutcome> {
  const loaded = await loadRequiredConfig(options.config, cwd);
  const { name, model } = selectModel(loaded, options.name);
  const trainConfig: TrainConfig = model.train ?? {};
  const command = resolveCommand(commandArgs, options.shell, trainConfig, name);
  const modelFile = resolve(loaded.dir, model.path);
  const lineageFile = options.out ? resolve(cwd, options.out) : resolve(loaded.dir, "lineage.json");
  await guardFiles({
    inputs: [
      resolve(cwd, loaded.file),
      modelFile,
      ...(trainConfig.data ?? []).map((pattern) => resolve(loaded.dir, pattern)),
    ],
    outputs: [{ flag: "--out", path: lineageFile }],
  });
  const startedAt = new Date();
  const before = await modifiedAt(modelFile);

  const outcome = await runCommand(command, {
    cwd: loaded.dir,
    env: trainingEnvironment(env, { name, modelFile, params: trainConfig.params ?? {} }),
    onStdout: ctx.commandOutput.stdout,
    onStderr: ctx.commandOutput.stderr,
  });
  const ran = describeRun(outcome);
  if (outcome.exitCode !== 0) {
    ctx.io.stderr(`mlci train: the training command failed (${ran})\n  command: ${commandArgv(command).join(" ")}\n`);
    return { exitCode: ExitCode.failed };
  }

  const shownModel = relative(cwd, modelFile) || modelFile;
  if (before !== undefined && before === (await modifiedAt(modelFile))) {
    // A model left over from an earlier run must not get this run's lineage.
    throw new ProblemError({
      kind: "input",
      message: `model file ${shownModel} was not written by this training run (unchanged since before it started)`,
      fix: "make the training command write the model to the path in mlci.yml (models.<name>.path), or correct that path",
    });
  }
  const checked = await checkOnnxModel(modelFile, shownModel);
  if (!checked.ok) throw new ProblemError(checked.error);

  const patterns = trainConfig.data ?? [];
  const expanded = await expandDataPatterns(
    patterns,
    loaded.dir,
    relative(cwd, resolve(cwd, loaded.file)) || loaded.file,
  );
  if (expanded.problems.length > 0) throw new ProblemError(expanded.problems);
  const { fingerprints, stats } = await fingerprintFiles(
    expanded.files,
    loaded.dir,
    resolve(loaded.dir, FINGERPRINT_CACHE_FILE),
  );

  const lineage = buildLineage({
    model: { name, path: model.path, sha256: await sha256File(modelFile), size_bytes: checked.value.sizeBytes },
    git: await gitInfo(loaded.dir, env),
    run: runInfo(env),
    command: commandArgv(command),
    params: trainConfig.params ?? {},
    data: fingerprints,
    durationMs: outcome.durationMs,
    exitCode: outcome.exitCode,
    peakMemoryBytes: outcome.peakMemoryBytes,
    startedAt,
  });
  await writeJsonOutput(lineageFile, lineage);

  const dataBytes = fingerprints.reduce((sum, f) => sum + f.bytes, 0);
  ctx.io.stdout(
    [
      `mlci train: ${name}`,
      `  command  ${commandArgv(command).join(" ")} (${ran})`,
      `  model    ${shownModel} (${formatBytes(checked.value.sizeBytes)}, sha256 ${lineage.model.sha256.slice(0, 12)}; inputs ${checked.value.inputNames.join(", ")})`,
      `  data     ${fingerprints.length} file(s), ${formatBytes(dataBytes)} (${stats.hashed} hashed, ${stats.cached} from cache)`,
      `  lineage  ${relative(cwd, lineageFile) || lineageFile}`,
      "",
    ].join("\n"),
  );
  return { exitCode: ExitCode.ok, lineage, modelFile, lineageFile };
}

/** Modification time in nanoseconds (exact, unlike the float milliseconds), undefined when absent. */
async function modifiedAt(path: string): Promise<bigint | undefined> {
  try {
    return (await stat(path, { bigint: true })).mtimeNs;
  } catch {
    return undefined;
  }
}

function resolveCommand(
  args: readonly string[],
  shell: string | undefined,
  config: TrainConfig,
  name: string,
): TrainCommand {
  if (args.length > 0) return { argv: args };
  if (shell !== undefined && shell.trim() !== "") return { shell };
  if (typeof config.command === "string") return { shell: config.command };
  if (Array.isArray(config.command)) return { argv: config.command };
  throw new ProblemError({
    kind: "usage",
    message: `no training command for model "${name}"`,
    fix: `pass it after --: mlci train --name ${name} -- python train.py, or set models.${name}.train.command in mlci.yml`,
  });
}

function describeRun(outcome: { exitCode: number; durationMs: number; peakMemoryBytes: number | null }): string {
  const memory =
    outcome.peakMemoryBytes === null ? "peak memory n/a" : `peak memory ${formatBytes(outcome.peakMemoryBytes)}`;
  return `exit ${outcome.exitCode}, ${(outcome.durationMs / 1000).toFixed(1)} s, ${memory}`;
}
