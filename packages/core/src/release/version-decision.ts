import type { Evaluation } from "../evaluation/types.js";
import type { Problem } from "../problem.js";
import { err, ok, type Result } from "../result.js";
import {
  BUMP_LEVELS,
  type BumpLevel,
  bumpVersion,
  compareVersions,
  FIRST_VERSION,
  formatVersion,
  latestVersion,
  type Version,
} from "./semver.js";
import { diffSignatures, type ModelSignature } from "./signature.js";

/** PR labels that choose the bump: `release:major`, `release:minor`, `release:patch`. */
export const RELEASE_LABEL_PREFIX = "release:";

export interface VersionDecisionInput {
  readonly model: string;
  /** Every version this model already has. */
  readonly existing: readonly Version[];
  /** Signature recorded in the latest version's release.json, when there is one. */
  readonly previousSignature?: ModelSignature | undefined;
  /** Signature of the model being released; undefined when it cannot be read (not ONNX). */
  readonly signature?: ModelSignature | undefined;
  /** evaluation.json of the model being released (its comparison carries the significance test). */
  readonly evaluation?: Evaluation | undefined;
  /** `--version`: "auto" or an explicit version. */
  readonly requested: "auto" | Version;
  /** Labels of the pull request that brought the commit. */
  readonly labels?: readonly string[];
}

export interface VersionDecision {
  readonly version: Version;
  /** How the version was chosen. */
  readonly level: BumpLevel | "first" | "explicit";
  readonly source: "explicit" | "label" | "auto";
  /** Why, one line each; shown in the model card and the command's output. */
  readonly reasons: readonly string[];
}

/**
 * The next version of a model. Precedence: an explicit `--version`, then a `release:*` PR label,
 * then `auto`: major when the signature changed, minor when a metric changed significantly, patch
 * otherwise.
 */
export function decideVersion(input: VersionDecisionInput): Result<VersionDecision, Problem> {
  const latest = latestVersion(input.existing);
  if (input.requested !== "auto") return decideExplicit(input, input.requested);
  const label = labelLevel(input.labels ?? []);
  if (!label.ok) return label;
  if (!latest) {
    return ok({ version: FIRST_VERSION, level: "first", source: "auto", reasons: ["first version of this model"] });
  }
  if (label.value) {
    return ok({
      version: bumpVersion(latest, label.value),
      level: label.value,
      source: "label",
      reasons: [`pull request label ${RELEASE_LABEL_PREFIX}${label.value}`],
    });
  }
  const auto = autoLevel(input);
  return ok({ version: bumpVersion(latest, auto.level), level: auto.level, source: "auto", reasons: auto.reasons });
}

function decideExplicit(input: VersionDecisionInput, version: Version): Result<VersionDecision, Problem> {
  if (input.existing.some((v) => compareVersions(v, version) === 0)) {
    return err({
      kind: "input",
      message: `${input.model} ${formatVersion(version)} already exists`,
      fix: "choose a version that does not exist yet, or use --version auto",
    });
  }
  return ok({ version, level: "explicit", source: "explicit", reasons: [`--version ${formatVersion(version)}`] });
}

function labelLevel(labels: readonly string[]): Result<BumpLevel | undefined, Problem> {
  const levels = BUMP_LEVELS.filter((level) => labels.includes(`${RELEASE_LABEL_PREFIX}${level}`));
  if (levels.length > 1) {
    return err({
      kind: "input",
      message: `the pull request has conflicting labels ${levels.map((l) => RELEASE_LABEL_PREFIX + l).join(", ")}`,
      fix: "keep one release:major|minor|patch label",
    });
  }
  return ok(levels[0]);
}

function autoLevel(input: VersionDecisionInput): { level: BumpLevel; reasons: string[] } {
  if (input.signature && input.previousSignature) {
    const changes = diffSignatures(input.previousSignature, input.signature);
    if (changes.length > 0) return { level: "major", reasons: changes.map((c) => `signature: ${c}`) };
  }
  const significant = significantMetricChanges(input.evaluation);
  if (significant.length > 0) return { level: "minor", reasons: significant };
  const reasons: string[] = [];
  if (!input.signature || !input.previousSignature) reasons.push("signature not comparable (no signature recorded)");
  if (!input.evaluation?.comparison) {
    reasons.push("no metric comparison in evaluation.json (evaluate with --baseline production to detect changes)");
  } else {
    reasons.push("no significant metric change");
  }
  return {
    level: "patch",
    reasons: input.signature && input.previousSignature ? ["no signature change", ...reasons] : reasons,
  };
}

/** One line per metric whose paired-bootstrap interval excludes zero. */
export function significantMetricChanges(evaluation: Evaluation | undefined): string[] {
  const deltas = evaluation?.comparison?.deltas ?? {};
  return Object.entries(deltas)
    .filter(([, d]) => d.significant && d.delta !== null)
    .map(([metric, d]) => {
      const interval = d.ci_low !== null && d.ci_high !== null ? ` [${fmt(d.ci_low)}, ${fmt(d.ci_high)}]` : "";
      const verdict = d.verdict ? ` (${d.verdict})` : "";
      return `metric ${metric} changed ${signed(d.delta as number)}${interval}${verdict}`;
    });
}

function fmt(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

function signed(x: number): string {
  return `${x >= 0 ? "+" : ""}${fmt(x)}`;
}
