import { basename, extname, isAbsolute, resolve } from "node:path";
import { DEFAULT_RESAMPLES } from "@mlci/core/compare/bootstrap.js";
import type { MlciConfig } from "@mlci/core/config/mlci-config.js";
import type { ModelConfig } from "@mlci/core/config/models-section.js";
import { DEFAULT_MIN_SLICE_ROWS } from "@mlci/core/evaluation/segments.js";
import type { ReleaseReference } from "@mlci/core/evaluation/types.js";
import type { Task } from "@mlci/core/metrics/names.js";
import { ProblemError } from "@mlci/core/problem.js";
import { type ModelReleaseRef, parseReleaseReference } from "@mlci/core/release/release-reference.js";
import type { LoadedConfig } from "../files.js";

/** The bootstrap seed of `mlci evaluate` unless --seed says otherwise: fixed, so reruns print the same intervals. */
export const DEFAULT_SEED = 42;
export const DEFAULT_OUT = "evaluation.json";

/** The flags of `mlci evaluate` as commander parses them. */
export interface EvaluateFlags {
  readonly model?: string;
  readonly data?: string;
  readonly target?: string;
  readonly task?: string;
  readonly features?: string;
  readonly baseline?: string;
  readonly slice?: string[];
  readonly out?: string;
  readonly predictions?: string;
  readonly config?: string;
  readonly name?: string;
  readonly resamples?: string;
  readonly seed?: string;
  readonly minSupport?: string;
  readonly cost?: boolean;
  readonly progress?: boolean;
  readonly scores?: boolean;
}

export interface EvaluateSettings {
  readonly name: string;
  readonly task: Task | undefined;
  readonly target: string;
  /** The data the model runs on; absent in predictions mode. */
  readonly dataPath: string | undefined;
  readonly modelPath: string | undefined;
  readonly predictionsPath: string | undefined;
  readonly baselinePath: string | undefined;
  /** The baseline names a released version (production, NAME@v1.2.0), unless a file of that name exists. */
  readonly baselineRelease: ModelReleaseRef | undefined;
  /** The released version the baseline file is, once downloaded (release/baseline.ts). */
  readonly baselineVersion?: ReleaseReference | undefined;
  readonly features: readonly string[] | undefined;
  readonly slices: readonly string[];
  readonly out: string;
  readonly resamples: number;
  readonly seed: number;
  readonly minSupport: number;
  readonly cost: boolean;
  readonly progress: boolean;
  /** The probability outputs are uncalibrated scores: ranking metrics only, no sum-to-1 check. */
  readonly scores: boolean;
  /** The model's entry in mlci.yml, when there is one. */
  readonly entry: ModelConfig | undefined;
}

const TASKS: readonly Task[] = ["binary", "multiclass", "regression"];

/**
 * Flags win over the model's entry in mlci.yml; paths from mlci.yml are relative to its directory.
 * The entry is `--name`, or the only model in mlci.yml when there is exactly one; with several and no
 * --name, --model (or --predictions) and the other flags say everything.
 */
export function resolveSettings(flags: EvaluateFlags, loaded: LoadedConfig | undefined): EvaluateSettings {
  const { name, entry } = pickEntry(flags, loaded?.config);
  const fromConfig = (path: string | undefined): string | undefined =>
    path === undefined || !loaded || isAbsolute(path) || /^https?:\/\//.test(path) ? path : resolve(loaded.dir, path);
  const dataset = entry?.data && loaded?.config.data[entry.data] ? loaded.config.data[entry.data]?.path : entry?.data;

  const predictionsPath = flags.predictions;
  const modelPath = flags.model ?? (predictionsPath ? undefined : fromConfig(entry?.path));
  const dataPath = flags.data ?? (predictionsPath ? undefined : fromConfig(dataset));
  const target = flags.target ?? entry?.target;
  const task = parseTask(flags.task) ?? entry?.task;
  const problems = [];
  if (!predictionsPath && !modelPath) problems.push(usage("no model: pass --model MODEL.onnx (or --predictions FILE)"));
  if (predictionsPath && flags.model) problems.push(usage("--model and --predictions exclude each other"));
  if (!predictionsPath && !dataPath)
    problems.push(usage("no data: pass --data FILE (or data: in the model's entry in mlci.yml)"));
  if (!target) problems.push(usage("no target column: pass --target COLUMN (or target: in mlci.yml)"));
  if (problems.length > 0) throw new ProblemError(problems);
  const features = flags.features
    ? flags.features
        .split(",")
        .map((f) => f.trim())
        .filter((f) => f.length > 0)
    : entry?.features;
  const baseline = flags.baseline ?? (predictionsPath ? undefined : entry?.baseline);
  const out = flags.out ?? DEFAULT_OUT;
  return {
    name: name ?? basename(modelPath ?? predictionsPath ?? "model", extname(modelPath ?? predictionsPath ?? "")),
    task,
    target: target as string,
    dataPath,
    modelPath,
    predictionsPath,
    baselinePath: flags.baseline ?? (predictionsPath ? undefined : fromConfig(entry?.baseline)),
    baselineRelease: baseline === undefined ? undefined : parseReleaseReference(baseline),
    features,
    slices: flags.slice && flags.slice.length > 0 ? flags.slice : (entry?.slices ?? []),
    out,
    resamples: positiveInteger(flags.resamples, "--resamples", DEFAULT_RESAMPLES),
    seed: integer(flags.seed, "--seed", DEFAULT_SEED),
    minSupport: positiveInteger(flags.minSupport, "--min-support", DEFAULT_MIN_SLICE_ROWS),
    cost: flags.cost !== false,
    progress: flags.progress !== false,
    scores: flags.scores === true || entry?.scores === true,
    entry,
  };
}

function pickEntry(
  flags: EvaluateFlags,
  config: MlciConfig | undefined,
): { name: string | undefined; entry: ModelConfig | undefined } {
  const models = config?.models ?? {};
  if (flags.name) {
    const entry = models[flags.name];
    if (!entry && config && Object.keys(models).length > 0) {
      throw new ProblemError(
        usage(`no model named ${flags.name} in mlci.yml (models: ${Object.keys(models).join(", ")})`),
      );
    }
    return { name: flags.name, entry };
  }
  const names = Object.keys(models);
  // The only model of mlci.yml is the one meant, also when --model points at a freshly trained file.
  if (names.length === 1) {
    return { name: names[0], entry: models[names[0] as string] };
  }
  if (names.length > 1 && !flags.model && !flags.predictions) {
    throw new ProblemError(usage(`mlci.yml has several models (${names.join(", ")}): pick one with --name`));
  }
  return { name: undefined, entry: undefined };
}

function parseTask(value: string | undefined): Task | undefined {
  if (value === undefined) return undefined;
  if ((TASKS as readonly string[]).includes(value)) return value as Task;
  throw new ProblemError(usage(`--task must be one of ${TASKS.join(", ")}, not "${value}"`));
}

function integer(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) throw new ProblemError(usage(`${flag} must be an integer, not "${value}"`));
  return Number(value);
}

function positiveInteger(value: string | undefined, flag: string, fallback: number): number {
  const n = integer(value, flag, fallback);
  if (n < 1) throw new ProblemError(usage(`${flag} must be at least 1, not ${n}`));
  return n;
}

function usage(message: string) {
  return { kind: "usage" as const, message };
}
