import { access } from "node:fs/promises";
import { join } from "node:path";
import { type MlciConfig, ProblemError } from "@mlci/core";
import { resolveBaselineModel, resolveVersion } from "@mlci/forge";
import { actionsModelCache, modelCacheKey } from "./model-cache.js";
import { MODEL_CACHE_DIR, openRegistry, splitModelReference, tagFormatOf } from "./registry-context.js";

/** `production`, `NAME@production`, `NAME@v1.2.0`, `NAME@latest`: a released model, not a file. */
const RELEASE_REFERENCE =
  /^(?:(?<name>[A-Za-z0-9][A-Za-z0-9._-]*)@)?(?<ref>production|staging|latest|v?\d+\.\d+\.\d+)$/;

export interface BaselineOptions {
  /** The model's name in mlci.yml, when the reference does not carry one. */
  readonly name?: string | undefined;
  readonly config?: string | undefined;
  readonly forge?: string | undefined;
}

/**
 * What `mlci evaluate --baseline X` compares with. A path to a model file is returned as it is; a
 * release reference (`production`, `churn@production`, `churn@v1.2.0`) is downloaded from that
 * version's release (checked against its sha256, kept under .mlci/cache/models/, and in GitHub
 * Actions in the Actions cache between runs) and its local path is returned, so every pull request is compared with the model that is really deployed. A stage
 * that holds no version yet (the first release) gives undefined and a warning: no baseline.
 */
export async function resolveBaselineArgument(
  value: string,
  options: BaselineOptions = {},
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = (message) => process.stderr.write(`mlci: ${message}\n`),
): Promise<string | undefined> {
  const match = RELEASE_REFERENCE.exec(value);
  if (!match?.groups || (await isFile(value))) return value;
  const context = await openRegistry(options, env);
  const models = Object.keys(context.config.models);
  const name = match.groups.name ?? options.name ?? (models.length === 1 ? models[0] : undefined);
  if (!name) {
    throw new ProblemError({
      kind: "usage",
      message: `--baseline ${value}: which model? mlci.yml has ${models.length} models`,
      fix: `write --baseline NAME@${match.groups.ref} (models: ${models.join(", ")})`,
    });
  }
  const { ref = "production" } = splitModelReference(`${name}@${match.groups.ref}`);
  const format = tagFormatOf(context, name);
  const target = await resolveVersion(context.forge, name, ref, format);
  if (!target.ok) {
    // Before the first promotion there is nothing deployed to compare with: evaluate alone.
    if (ref === "production" || ref === "staging") {
      warn(`${target.error.message}: evaluating without a baseline`);
      return undefined;
    }
    throw new ProblemError(target.error);
  }
  const cacheDir = join(context.dir, MODEL_CACHE_DIR);
  const versionDir = join(cacheDir, name, target.value.version);
  const key = modelCacheKey(name, target.value.version);
  const persistent = await actionsModelCache(env, warn);
  const restored = persistent ? await persistent.restore(versionDir, key) : false;
  const resolved = await resolveBaselineModel(context.forge, { name, stageOrVersion: ref, format, cacheDir });
  if (!resolved.ok) throw new ProblemError(resolved.error);
  if (persistent && !restored) await persistent.save(versionDir, key);
  return resolved.value.path;
}

async function isFile(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** What withReleasedBaseline needs of a loaded mlci.yml (files.ts LoadedConfig). */
interface LoadedConfigLike {
  readonly config: MlciConfig;
  readonly file: string;
  readonly dir: string;
}

/**
 * `models.NAME.baseline: production` in mlci.yml: the same as `--baseline production`, resolved before
 * evaluate reads the configuration. Returns the configuration with the baseline replaced by the
 * downloaded model's path, or removed when the stage holds no version yet.
 */
export async function withReleasedBaseline<T extends LoadedConfigLike>(
  loaded: T | undefined,
  name: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  warn?: (message: string) => void,
): Promise<T | undefined> {
  if (!loaded) return loaded;
  const models = Object.keys(loaded.config.models);
  const model = name ?? (models.length === 1 ? models[0] : undefined);
  const entry = model ? loaded.config.models[model] : undefined;
  if (!model || !entry?.baseline || !RELEASE_REFERENCE.test(entry.baseline)) return loaded;
  if (await isFile(join(loaded.dir, entry.baseline))) return loaded;
  const path = await resolveBaselineArgument(entry.baseline, { name: model, config: loaded.file }, env, warn);
  const { baseline: _released, ...rest } = entry;
  const replaced = path === undefined ? rest : { ...rest, baseline: path };
  return { ...loaded, config: { ...loaded.config, models: { ...loaded.config.models, [model]: replaced } } };
}
