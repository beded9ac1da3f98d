/**
 * `mlci evaluate --baseline production` (or `baseline: production` in mlci.yml): the baseline is the
 * model that is really deployed, downloaded from its release. The settings have already picked the
 * flag or mlci.yml; here the version is resolved once and that version is downloaded.
 */
import { access } from "node:fs/promises";
import { join } from "node:path";
import type { ReleaseReference } from "@mlci/core/evaluation/types.js";
import { ProblemError } from "@mlci/core/problem.js";
import { downloadModelVersion, resolveVersion } from "@mlci/forge/releases/model-registry.js";
import type { EvaluateSettings } from "../evaluate/settings.js";
import type { LoadedConfig } from "../files.js";
import type { ForgeOpener } from "../open-forge.js";
import {
  MODEL_CACHE_DIR,
  openRegistry,
  type RegistryContext,
  referencedModel,
  registryOf,
  tagFormatOf,
} from "./registry-context.js";

export type Warn = (message: string) => void;

const warnOnStderr: Warn = (message) => process.stderr.write(`mlci: ${message}\n`);

const DOWNLOAD_BASELINE = { action: "download the baseline model", permission: "contents: read" } as const;

/**
 * The model file of a released version (`production`, `staging`, `latest`, `1.2.0`): checked against
 * its sha256 and kept under .mlci/cache/models/NAME/VERSION/ (in GitHub Actions, actions/evaluate
 * saves and restores that directory with actions/cache). A stage that holds no version yet (before
 * the first promotion) gives undefined and a warning: there is nothing deployed to compare with.
 */
export async function resolveBaseline(
  model: { readonly name: string; readonly ref: string },
  registry: RegistryContext,
  warn: Warn = warnOnStderr,
): Promise<string | undefined> {
  return (await resolveReleasedBaseline(model, registry, warn))?.path;
}

/** A released baseline model: its downloaded file and the version it is (evaluation.json's baseline.release). */
export interface ReleasedBaseline {
  readonly path: string;
  readonly release: ReleaseReference;
}

/** resolveBaseline, with the version the reference resolved to. */
export async function resolveReleasedBaseline(
  model: { readonly name: string; readonly ref: string },
  registry: RegistryContext,
  warn: Warn = warnOnStderr,
): Promise<ReleasedBaseline | undefined> {
  const { name, ref } = model;
  const target = await resolveVersion(registry.forge, name, ref, tagFormatOf(registry, name));
  if (!target.ok) {
    if (ref === "production" || ref === "staging") {
      warn(`${target.error.message}: evaluating without a baseline`);
      return undefined;
    }
    throw new ProblemError(target.error);
  }
  const cacheDir = join(registry.dir, MODEL_CACHE_DIR);
  const downloaded = await downloadModelVersion(registry.forge, target.value, cacheDir);
  if (!downloaded.ok) throw new ProblemError(downloaded.error);
  const stage = ref === "production" || ref === "staging" ? { stage: ref } : {};
  return { path: downloaded.value.path, release: { version: target.value.version, tag: target.value.tag, ...stage } };
}

/**
 * The settings with a released baseline replaced by the downloaded model's path and the version it is
 * (or removed when the stage holds no version yet). A file of the reference's name wins: `--baseline production` with a
 * file called `production` is that file. `--forge` chooses where the release is read.
 */
export async function withReleasedBaseline(
  settings: EvaluateSettings,
  loaded: LoadedConfig | undefined,
  flags: { readonly forge?: string | undefined; readonly name?: string | undefined },
  openForge: ForgeOpener,
  env: NodeJS.ProcessEnv = process.env,
  warn: Warn = warnOnStderr,
): Promise<EvaluateSettings> {
  const reference = settings.baselineRelease;
  if (!reference || settings.baselinePath === undefined || (await isFile(settings.baselinePath))) return settings;
  const registry = loaded
    ? await registryOf(loaded, flags.forge, openForge, DOWNLOAD_BASELINE, env)
    : await openRegistry({ forge: flags.forge }, openForge, DOWNLOAD_BASELINE, env);
  const name = referencedModel(
    registry,
    reference,
    flags.name ?? (settings.entry ? settings.name : undefined),
    "--baseline",
  );
  const released = await resolveReleasedBaseline({ name, ref: reference.ref }, registry, warn);
  return {
    ...settings,
    baselinePath: released?.path,
    baselineRelease: undefined,
    ...(released ? { baselineVersion: released.release } : {}),
  };
}

async function isFile(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
