import type { Problem } from "../problem.js";
import { err, ok, type Result } from "../result.js";
import { formatVersion, parseVersion, type Version } from "./semver.js";

/**
 * How a model version is named as a git tag. `{name}` is the model name from mlci.yml and `{version}`
 * is MAJOR.MINOR.PATCH. The default follows the monorepo convention of changesets (`pkg@1.2.3`) with
 * the `v` people expect on a version tag, so several models in one repository each get their own line
 * of versions: `churn@v1.2.0`, `fraud@v3.0.1`.
 */
export const DEFAULT_TAG_FORMAT = "{name}@v{version}";

export interface TagFormat {
  readonly template: string;
}

/** Checks a tag format from mlci.yml: both placeholders once each, and only characters git allows. */
export function parseTagFormat(template: string, file = "mlci.yml"): Result<TagFormat, Problem> {
  const count = (placeholder: string) => template.split(placeholder).length - 1;
  const problem = (message: string): Result<TagFormat, Problem> =>
    err({
      kind: "config",
      message: `tag_format "${template}": ${message}`,
      location: { file },
      fix: `use a format such as "${DEFAULT_TAG_FORMAT}"`,
    });
  if (count("{name}") !== 1) return problem("must contain {name} exactly once (several models share one repository)");
  if (count("{version}") !== 1) return problem("must contain {version} exactly once");
  const literal = template.replace("{name}", "").replace("{version}", "");
  if (/[\s~^:?*[\\{}]|\.\.|@\{/.test(literal) || template.startsWith("/") || template.endsWith(".lock")) {
    return problem("contains characters git does not allow in a tag name");
  }
  return ok({ template });
}

export function formatVersionTag(format: TagFormat, name: string, version: Version): string {
  return format.template.replace("{name}", name).replace("{version}", formatVersion(version));
}

/** The version a tag names for this model, or undefined when the tag belongs to something else. */
export function parseVersionTag(format: TagFormat, name: string, tag: string): Version | undefined {
  const [before, after] = format.template.replace("{name}", name).split("{version}") as [string, string];
  if (!tag.startsWith(before) || !tag.endsWith(after) || tag.length <= before.length + after.length) return undefined;
  return parseVersion(tag.slice(before.length, tag.length - after.length));
}

/** The literal start every version tag of this model shares; forges list tags by prefix. */
export function versionTagPrefix(format: TagFormat, name: string): string {
  return format.template.replace("{name}", name).split("{version}")[0] as string;
}
