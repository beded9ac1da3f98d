import { ProblemError } from "@mlci/core/problem.js";
import { type DatasetProfile, parseProfile } from "@mlci/core/profile/profile-file.js";
import { parseReleaseReference } from "@mlci/core/release/release-reference.js";
import { resolveVersion } from "@mlci/forge/releases/model-registry.js";
import type { ForgeOpener } from "../open-forge.js";
import { openRegistry, referencedModel, tagFormatOf } from "./registry-context.js";

const READ_PROFILE = { action: "read the released profile", permission: "contents: read" } as const;

/** The asset `mlci release --profile` attaches to a model's release. */
export const PROFILE_ASSET = "profile.json";

export function isReleaseReference(value: string): boolean {
  return parseReleaseReference(value) !== undefined;
}

/**
 * `mlci drift --reference production`: the profile.json attached to the release of the model on that
 * stage (or of that version), read through the release forge (GitHub in Actions, else local).
 */
export async function releasedProfile(
  value: string,
  options: { name?: string | undefined; config?: string | undefined; forge?: string | undefined },
  openForge: ForgeOpener,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DatasetProfile> {
  const reference = parseReleaseReference(value);
  if (!reference) throw new ProblemError({ kind: "usage", message: `not a release reference: ${value}` });
  const context = await openRegistry(options, openForge, READ_PROFILE, env);
  const name = referencedModel(context, reference, options.name, "--reference");
  const version = await resolveVersion(context.forge, name, reference.ref, tagFormatOf(context, name));
  if (!version.ok) throw new ProblemError(version.error);
  const release = await context.forge.findRelease(version.value.tag);
  const asset = release?.assets.find((a) => a.name === PROFILE_ASSET && a.complete);
  if (!release || !asset) {
    throw new ProblemError({
      kind: "input",
      message: `the release ${version.value.tag} has no ${PROFILE_ASSET}`,
      fix: `release the model with --profile (mlci profile TRAINING_DATA --out profile.json), or pass --reference PROFILE.json`,
    });
  }
  const bytes = await context.forge.readReleaseAsset(release, asset);
  const where = `${version.value.tag}/${PROFILE_ASSET}`;
  let value_: unknown;
  try {
    value_ = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    throw new ProblemError({ kind: "input", message: `${where} is not JSON` });
  }
  const parsed = parseProfile(value_, where);
  if (!parsed.ok) throw new ProblemError(parsed.error);
  // Reports name the release compared against (churn@v1.2.0, production), not the training data's path.
  const stage = reference.ref === "production" || reference.ref === "staging" ? `, ${reference.ref}` : "";
  return { ...parsed.value, source: `${version.value.tag} (release${stage})` };
}
