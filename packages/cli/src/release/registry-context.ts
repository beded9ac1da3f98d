import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { DEFAULT_CONFIG_FILE } from "@mlci/core/config/config-location.js";
import { type MlciConfig, parseMlciConfig } from "@mlci/core/config/mlci-config.js";
import type { ModelConfig } from "@mlci/core/config/models-section.js";
import { ProblemError } from "@mlci/core/problem.js";
import type { ModelReleaseRef } from "@mlci/core/release/release-reference.js";
import { DEFAULT_TAG_FORMAT, parseTagFormat, type TagFormat } from "@mlci/core/release/tag-format.js";
import { headCommit } from "@mlci/forge/releases/git.js";
import type { ReleaseForge } from "@mlci/forge/releases/release-forge.js";
import type { ForgeOpener, ForgePurpose } from "../open-forge.js";

/** Options every registry command shares. */
export interface RegistryOptions {
  readonly config?: string | undefined;
  readonly forge?: string | undefined;
}

export interface RegistryContext {
  readonly config: MlciConfig;
  /** Absolute path of mlci.yml. */
  readonly configFile: string;
  /** The directory of mlci.yml: model and data paths are relative to it, and it is the repository. */
  readonly dir: string;
  readonly forge: ReleaseForge;
}

/** mlci.yml (--config, else ./mlci.yml, which must exist) and the forge its versions live in. */
export async function openRegistry(
  options: RegistryOptions,
  openForge: ForgeOpener,
  purpose: ForgePurpose,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RegistryContext> {
  const configFile = resolve(options.config ?? DEFAULT_CONFIG_FILE);
  const text = await readFile(configFile, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
    throw new ProblemError({
      kind: "config",
      message: `${configFile} does not exist`,
      fix: "run in the repository root, or pass --config path/to/mlci.yml",
    });
  });
  const parsed = parseMlciConfig(text, configFile);
  if (!parsed.ok) throw new ProblemError(parsed.error);
  return registryOf({ config: parsed.value, file: configFile }, options.forge, openForge, purpose, env);
}

/** The registry of an mlci.yml a command has loaded already. */
export async function registryOf(
  loaded: { readonly config: MlciConfig; readonly file: string },
  forgeFlag: string | undefined,
  openForge: ForgeOpener,
  purpose: ForgePurpose,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RegistryContext> {
  const configFile = resolve(loaded.file);
  const dir = dirname(configFile);
  const forge = await openForge({ forge: forgeFlag, repoDir: dir }, env, purpose);
  return { config: loaded.config, configFile, dir, forge: forge.releases };
}

/**
 * The model a release reference is about: the name it carries, else `fallback` (--name), else the
 * only model of mlci.yml.
 */
export function referencedModel(
  context: RegistryContext,
  reference: ModelReleaseRef,
  fallback: string | undefined,
  flag: string,
): string {
  const models = Object.keys(context.config.models);
  const name = reference.name ?? fallback ?? (models.length === 1 ? models[0] : undefined);
  if (name) return name;
  throw new ProblemError({
    kind: "usage",
    message: `${flag} ${reference.ref}: which model? mlci.yml has ${models.length} models`,
    fix: `write ${flag} NAME@${reference.ref} (models: ${models.join(", ")})`,
  });
}

export interface ModelContext {
  readonly name: string;
  readonly model: ModelConfig;
  readonly format: TagFormat;
}

export function modelContext(context: RegistryContext, name: string): ModelContext {
  const model = context.config.models[name];
  if (!model) {
    const known = Object.keys(context.config.models);
    throw new ProblemError({
      kind: "usage",
      message: `no model "${name}" in ${context.configFile} (models: ${known.join(", ") || "none"})`,
      fix: `add models.${name} to mlci.yml, or name one of the configured models`,
    });
  }
  return { name, model, format: tagFormatOf(context, name) };
}

export function tagFormatOf(context: RegistryContext, name: string): TagFormat {
  const format = parseTagFormat(context.config.models[name]?.tag_format ?? DEFAULT_TAG_FORMAT, context.configFile);
  if (!format.ok) throw new ProblemError(format.error);
  return format.value;
}

/** The commit being released: the one the workflow runs for, else HEAD. */
export async function currentCommit(dir: string, env: NodeJS.ProcessEnv): Promise<string> {
  return env.GITHUB_SHA || (await headCommit(dir));
}

/** `NAME@v1.2.0`, `NAME@1.2.0`, `NAME@production`, or `NAME` (with a default reference). */
export function splitModelReference(text: string, fallback?: string): { name: string; ref: string | undefined } {
  const at = text.lastIndexOf("@");
  if (at <= 0) return { name: text, ref: fallback };
  return { name: text.slice(0, at), ref: text.slice(at + 1) };
}

/** Default cache of downloaded baseline models, relative to the repository. */
export const MODEL_CACHE_DIR = join(".mlci", "cache", "models");
