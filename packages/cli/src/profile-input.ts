import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { DriftConfig } from "@mlci/core/config/drift-section.js";
import type { MlciConfig } from "@mlci/core/config/mlci-config.js";
import type { Task } from "@mlci/core/metrics/names.js";
import { ProblemError } from "@mlci/core/problem.js";
import type { DatasetProfile } from "@mlci/core/profile/profile-file.js";
import { looksLikeProfile } from "@mlci/core/profile/profile-format.js";
import { type DataSource, openDataSource, openDataSources } from "@mlci/engine/data-source.js";
import { isPostgresUrl } from "@mlci/engine/postgres-url.js";
import { profileDataSource } from "@mlci/engine/profile-duckdb.js";
import type { ProfileOptions } from "@mlci/engine/profile-plan.js";
import { readInputText } from "./files.js";
import type { PredictionOptions } from "./prediction-profile.js";

/**
 * `mlci profile` and `mlci drift` accept either data (file, glob, URL) or a profile.json: a .json file
 * whose "schema" is mlci/profile@1 is read as a profile, anything else is profiled.
 */
export async function loadProfileOrData(
  path: string,
  options: ProfileOptions,
  model?: PredictionOptions,
): Promise<DatasetProfile> {
  const profile = await readProfileIfAny(path);
  if (profile) return profile;
  return profileData(path, options, model);
}

/**
 * Several inputs of one command (drift's reference and current), in order: profile.json files are
 * read, and the data files are opened in one DuckDB and profiled all at once (openDataSources says
 * why). `whileProfiling` runs on the main thread, idle while DuckDB works: it may load what the next
 * step needs. The model, when asked, runs on one input after the other: onnxruntime already keeps
 * every core busy.
 */
export async function loadProfilesOrData(
  paths: readonly string[],
  options: ProfileOptions,
  model?: PredictionOptions,
  whileProfiling?: () => void,
): Promise<DatasetProfile[]> {
  const profiles: Array<DatasetProfile | undefined> = await Promise.all(paths.map(readProfileIfAny));
  const data = paths.flatMap((path, i) => (profiles[i] === undefined && !isPostgresUrl(path) ? [i] : []));
  for (const [i, path] of paths.entries()) {
    if (profiles[i] === undefined && isPostgresUrl(path)) profiles[i] = await profileData(path, options, model);
  }
  if (data.length > 0) {
    const opened = await openDataSources(data.map((i) => paths[i] as string));
    if (!opened.ok) throw new ProblemError(opened.error);
    const sources = opened.value;
    try {
      const pending = Promise.allSettled(sources.map((source) => profileDataSource(source, options)));
      whileProfiling?.();
      const settled = await pending;
      throwProblemsOf(settled);
      for (const [j, result] of settled.entries()) {
        if (result.status === "rejected") throw result.reason;
        const source = sources[j] as DataSource;
        profiles[data[j] as number] = model
          ? { ...result.value, ...(await predictionsOf(source, model)) }
          : result.value;
      }
    } finally {
      for (const source of sources) source.close();
    }
  }
  return profiles as DatasetProfile[];
}

/** The problems of every input that failed, at once; an error that is not a problem, as it came. */
function throwProblemsOf(settled: readonly PromiseSettledResult<unknown>[]): void {
  const failed = settled.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
  if (failed.length === 0) return;
  const other = failed.find((error) => !(error instanceof ProblemError));
  if (other !== undefined) throw other;
  throw new ProblemError(failed.flatMap((error) => (error as ProblemError).problems));
}

/**
 * `--model X`: a model of mlci.yml by name (its path, task, target and features), or an ONNX file
 * with --task/--target from the flags.
 */
export function predictionOptions(
  model: string | undefined,
  flags: { task?: string; target?: string },
  loaded: { config: MlciConfig; dir: string } | undefined,
): PredictionOptions | undefined {
  if (model === undefined) return undefined;
  const task = flags.task as Task | undefined;
  if (task !== undefined && !["binary", "multiclass", "regression"].includes(task)) {
    throw new ProblemError({ kind: "usage", message: `--task must be binary, multiclass or regression, got ${task}` });
  }
  const configured = loaded?.config.models[model];
  if (configured) {
    const options: PredictionOptions = { model: resolve(loaded.dir, configured.path) };
    const chosenTask = task ?? configured.task;
    if (chosenTask) options.task = chosenTask;
    const target = flags.target ?? configured.target;
    if (target) options.target = target;
    if (configured.features) options.features = configured.features;
    return options;
  }
  return { model, ...(task ? { task } : {}), ...(flags.target ? { target: flags.target } : {}) };
}

async function readProfileIfAny(path: string): Promise<DatasetProfile | undefined> {
  if (!/\.json$/i.test(path)) return undefined;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined; // let the data reader say what is wrong with the path
  }
  return await profileFromText(text, path);
}

/** A profile when the text is one JSON document with "schema": "mlci/profile@1", else undefined. */
async function profileFromText(text: string, path: string): Promise<DatasetProfile | undefined> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!looksLikeProfile(value)) return undefined;
  // The checker (zod) loads only for a profile file: profiling data never needs it.
  const { parseProfile } = await import("@mlci/core/profile/profile-file.js");
  const parsed = parseProfile(value, path);
  if (!parsed.ok) throw new ProblemError(parsed.error);
  return parsed.value;
}

export async function readProfileFile(path: string): Promise<DatasetProfile> {
  const profile = await profileFromText(await readInputText(path, "profile"), path);
  if (!profile) {
    throw new ProblemError({
      kind: "input",
      message: 'not a profile.json (no "schema": "mlci/profile@1")',
      location: { file: path },
      fix: "make shard profiles with `mlci profile DATA --out shard.json`",
    });
  }
  return profile;
}

export async function profileData(
  path: string,
  options: ProfileOptions,
  model?: PredictionOptions,
): Promise<DatasetProfile> {
  if (isPostgresUrl(path)) {
    if (model) {
      throw new ProblemError({
        kind: "usage",
        message: "--model needs the rows: it cannot run inside PostgreSQL",
        fix: "export the table (COPY ... TO a CSV or Parquet file) and profile that with --model",
      });
    }
    return profilePostgresTable(path, undefined, options);
  }
  const opened = await openDataSource(path);
  if (!opened.ok) throw new ProblemError(opened.error);
  try {
    const profile = await profileDataSource(opened.value, options);
    return model ? { ...profile, ...(await predictionsOf(opened.value, model)) } : profile;
  } finally {
    opened.value.close();
  }
}

/** The model's side of a profile; its modules (onnxruntime's adapter) load only for `--model`. */
async function predictionsOf(
  source: DataSource,
  model: PredictionOptions,
): Promise<Pick<DatasetProfile, "predictions" | "performance">> {
  const { profilePredictions } = await import("./prediction-profile.js");
  return profilePredictions(source, model);
}

/** Columns that mlci.yml's `drift.columns.X.ignore` leaves out of profiles. */
export function ignoredColumns(config: DriftConfig | undefined): string[] {
  return Object.entries(config?.columns ?? {})
    .filter(([, c]) => c.ignore)
    .map(([name]) => name);
}

/** A table profiled inside PostgreSQL: `postgres://...?table=T`, or the URL plus `--table T`. */
export async function profilePostgresTable(
  url: string,
  table: string | undefined,
  options: ProfileOptions,
): Promise<DatasetProfile> {
  // The PostgreSQL client (pg) is in the code that this import loads: only for a postgres:// input.
  const { parsePostgresTarget, profilePostgres } = await import("@mlci/engine/profile-postgres.js");
  const target = parsePostgresTarget(url, table);
  if (!target.ok) throw new ProblemError(target.error);
  const profile = await profilePostgres(target.value, options);
  if (!profile.ok) throw new ProblemError(profile.error);
  return profile.value;
}
