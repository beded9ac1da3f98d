import type { Problem } from "../problem.js";
import { err, ok, type Result } from "../result.js";

/**
 * A model version: MAJOR.MINOR.PATCH (https://semver.org, without pre-release or build parts: a model
 * version names a published release, and a release is never a pre-release of another).
 */
export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export type BumpLevel = "major" | "minor" | "patch";
export const BUMP_LEVELS: readonly BumpLevel[] = ["major", "minor", "patch"];

/** The version an `auto` release gets when the model has no version yet. */
export const FIRST_VERSION: Version = { major: 1, minor: 0, patch: 0 };

const VERSION_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function parseVersion(text: string): Version | undefined {
  const match = VERSION_PATTERN.exec(text);
  if (!match) return undefined;
  const [major, minor, patch] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  if (![major, minor, patch].every(Number.isSafeInteger)) return undefined;
  return { major, minor, patch };
}

/** Like parseVersion, but explains a bad value; accepts a leading "v" as people type it. */
export function parseVersionArgument(text: string, what: string): Result<Version, Problem> {
  const version = parseVersion(text.startsWith("v") ? text.slice(1) : text);
  if (version) return ok(version);
  return err({
    kind: "usage",
    message: `${what} "${text}" is not a version of the form MAJOR.MINOR.PATCH`,
    fix: 'give a version such as 1.4.0, or "auto"',
  });
}

export function formatVersion(version: Version): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function bumpVersion(version: Version, level: BumpLevel): Version {
  switch (level) {
    case "major":
      return { major: version.major + 1, minor: 0, patch: 0 };
    case "minor":
      return { major: version.major, minor: version.minor + 1, patch: 0 };
    case "patch":
      return { major: version.major, minor: version.minor, patch: version.patch + 1 };
  }
}

/** The highest version of a list, or undefined for an empty list. */
export function latestVersion(versions: readonly Version[]): Version | undefined {
  let latest: Version | undefined;
  for (const v of versions) if (!latest || compareVersions(v, latest) > 0) latest = v;
  return latest;
}
