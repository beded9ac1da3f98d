import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import {
  DEFAULT_CONFIG_FILE,
  DEFAULT_TAG_FORMAT,
  type MlciConfig,
  type ModelConfig,
  ProblemError,
  parseMlciConfig,
  parseTagFormat,
  type TagFormat,
} from "@mlci/core";
import { DEFAULT_LOCAL_FORGE_DIR, GitHubForge, headCommit, LocalForge, type ReleaseForge } from "@mlci/forge";
import { maskToken } from "../secrets.js";

export type ForgeKind = "github" | "local";

/** Options every registry command shares. */
export interface RegistryOptions {
  readonly config?: string;
  readonly forge?: string;
}

export interface RegistryContext {
  readonly config: MlciConfig;
  /** Absolute path of mlci.yml. */
  readonly configFile: string;
  /** The directory of mlci.yml: model and data paths are relative to it, and it is the repository. */
  readonly dir: string;
  readonly forge: ReleaseForge;
  readonly forgeKind: ForgeKind;
}

/** Makes the GitHub release forge from the environment; tests replace it to shorten retry waits. */
export type GitHubReleaseForgeFactory = (env: NodeJS.ProcessEnv) => ReleaseForge;
let githubFactory: GitHubReleaseForgeFactory = githubReleaseForgeFromEnv;
export function setGitHubReleaseForgeFactory(factory: GitHubReleaseForgeFactory | undefined): void {
  githubFactory = factory ?? githubReleaseForgeFromEnv;
}

/** GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name) and GITHUB_API_URL, as a workflow step has them. */
export function githubReleaseForgeFromEnv(env: NodeJS.ProcessEnv): ReleaseForge {
  const token = env.GITHUB_TOKEN;
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!token || !owner || !repo) {
    throw new ProblemError({
      kind: "usage",
      message: "--forge github needs GITHUB_TOKEN and GITHUB_REPOSITORY (owner/name) in the environment",
      fix: "in a workflow, pass the token as env GITHUB_TOKEN (the release action does); on a laptop use --forge local",
    });
  }
  maskToken(token, env);
  const forge = new GitHubForge({
    token,
    repository: { owner, repo },
    ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}),
    warn: (message) => process.stderr.write(`mlci: ${message}\n`),
  });
  return forge.releases;
}

export async function openRegistry(
  options: RegistryOptions,
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
  const dir = dirname(configFile);
  const forgeKind = chooseForge(options.forge, env);
  return { config: parsed.value, configFile, dir, forge: openForge(forgeKind, dir, env), forgeKind };
}

/** `--forge`, else GitHub inside GitHub Actions, else the local registry. */
export function chooseForge(flag: string | undefined, env: NodeJS.ProcessEnv): ForgeKind {
  if (flag === "github" || flag === "local") return flag;
  if (flag !== undefined) {
    throw new ProblemError({ kind: "usage", message: `--forge ${flag}: expected github or local` });
  }
  return env.GITHUB_ACTIONS === "true" ? "github" : "local";
}

function openForge(kind: ForgeKind, dir: string, env: NodeJS.ProcessEnv): ReleaseForge {
  if (kind === "local") return new LocalForge({ repoDir: dir, dir: join(dir, DEFAULT_LOCAL_FORGE_DIR) }).releases;
  return githubFactory(env);
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

export function resolvePath(dir: string, path: string): string {
  return resolve(dir, path);
}

/** Default cache of downloaded baseline models, relative to the repository. */
export const MODEL_CACHE_DIR = join(".mlci", "cache", "models");
