import { type DatasetProfile, ProblemError, parseProfile } from "@mlci/core";
import { resolveVersion } from "@mlci/forge";
import { openRegistry, tagFormatOf } from "./registry-context.js";

/** `production`, `NAME@production`, `NAME@staging`, `NAME@latest`, `NAME@v1.2.0`: a released profile. */
const RELEASE_REFERENCE =
  /^(?:(?<name>[A-Za-z0-9][A-Za-z0-9._-]*)@)?(?<ref>production|staging|latest|v?\d+\.\d+\.\d+)$/;

/** The asset `mlci release --profile` attaches to a model's release. */
export const PROFILE_ASSET = "profile.json";

export function isReleaseReference(value: string): boolean {
  return RELEASE_REFERENCE.test(value);
}

/**
 * `mlci drift --reference production`: the profile.json attached to the release of the model on that
 * stage (or of that version), read through the release forge (GitHub in Actions, else local).
 */
export async function releasedProfile(
  value: string,
  options: { name?: string | undefined; config?: string | undefined; forge?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): Promise<DatasetProfile> {
  const match = RELEASE_REFERENCE.exec(value);
  if (!match?.groups) throw new ProblemError({ kind: "usage", message: `not a release reference: ${value}` });
  const context = await openRegistry({ config: options.config, forge: options.forge }, env);
  const models = Object.keys(context.config.models);
  const name = match.groups.name ?? options.name ?? (models.length === 1 ? models[0] : undefined);
  if (!name) {
    throw new ProblemError({
      kind: "usage",
      message: `--reference ${value}: which model? mlci.yml has ${models.length} models`,
      fix: `write --reference NAME@${match.groups.ref} (models: ${models.join(", ")})`,
    });
  }
  const version = await resolveVersion(context.forge, name, match.groups.ref as string, tagFormatOf(context, name));
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
  const stage = match.groups.ref === "production" || match.groups.ref === "staging" ? `, ${match.groups.ref}` : "";
  return { ...parsed.value, source: `${version.value.tag} (release${stage})` };
}
