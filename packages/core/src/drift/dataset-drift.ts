import type { DriftConfig } from "../config/drift-section.js";
import type { DatasetProfile } from "../profile/dataset-profile.js";
import { resolveRule } from "./drift-rule.js";
import { type FeatureDrift, featureDrift } from "./feature-drift.js";
import { comparePerformance, type PerformanceDrift } from "./performance.js";

export const DRIFT_SCHEMA = "mlci/drift@1";

const MISSING_IN_CURRENT = "not in the current data";

export interface SkippedColumn {
  column: string;
  reason: string;
}

/** drift.json (see schemas/drift.schema.json). */
export interface DriftReport {
  schema: typeof DRIFT_SCHEMA;
  /**
   * The run fails: the share of drifted features reached the threshold, a feature drifted far past
   * its threshold, a critical feature drifted, or the predictions or performance drifted.
   */
  drifted: boolean;
  /** Why the run fails, one sentence per rule that fired; empty when it does not. */
  reasons: string[];
  share: number;
  share_threshold: number;
  drifted_features: string[];
  /** Features drifted far past their threshold (drift-rule.ts's severe factor). */
  severe_features: string[];
  /** Features listed under drift.critical that drifted or are missing from the current data. */
  critical_features: string[];
  reference: { source: string; rows: number };
  current: { source: string; rows: number };
  features: Record<string, FeatureDrift>;
  skipped: SkippedColumn[];
  /** Drift of the model's predictions (profiles made with `--model`). */
  prediction?: Record<string, FeatureDrift>;
  /** Performance against the reference's when both sides had labels. */
  performance?: PerformanceDrift;
}

/**
 * Compares two profiles column by column with the rule of drift-rule.ts and the overrides of the
 * `drift:` section, and calls the dataset drifted when the share of drifted features reaches `share`.
 */
export function compareProfiles(reference: DatasetProfile, current: DatasetProfile, config?: DriftConfig): DriftReport {
  const rule = resolveRule(config);
  const { features, skipped } = compareColumns(reference.columns, current.columns, config);
  const tested = Object.keys(features);
  const driftedFeatures = tested.filter((name) => features[name]?.drifted);
  const share = tested.length > 0 ? driftedFeatures.length / tested.length : 0;
  const severeFeatures = tested.filter((name) => features[name]?.severe);
  const criticalFeatures = [...rule.critical].filter(
    (name) =>
      features[name]?.drifted === true ||
      skipped.some(
        (s) => s.column === name && (s.reason === MISSING_IN_CURRENT || s.reason.startsWith("type changed")),
      ),
  );
  const reasons: string[] = [];
  if (tested.length > 0 && share >= rule.share) {
    reasons.push(
      `${driftedFeatures.length} of ${tested.length} features drifted (share ${share.toFixed(2)} >= ${rule.share})`,
    );
  }
  if (severeFeatures.length > 0) {
    reasons.push(`${severeFeatures.join(", ")} drifted at ${rule.severeFactor}x the threshold or more`);
  }
  if (criticalFeatures.length > 0) {
    reasons.push(
      `critical feature${criticalFeatures.length > 1 ? "s" : ""} ${criticalFeatures.join(", ")} drifted or missing`,
    );
  }
  const report: DriftReport = {
    schema: DRIFT_SCHEMA,
    drifted: reasons.length > 0,
    reasons,
    share,
    share_threshold: rule.share,
    drifted_features: driftedFeatures,
    severe_features: severeFeatures,
    critical_features: criticalFeatures,
    reference: { source: reference.source, rows: reference.rows },
    current: { source: current.source, rows: current.rows },
    features,
    skipped,
  };
  if (reference.predictions && current.predictions) {
    report.prediction = compareColumns(reference.predictions, current.predictions, undefined).features;
    // Drifted predictions are drift of what the model does, whatever the share of features says.
    const drifted = Object.entries(report.prediction).filter(([, f]) => f.drifted);
    if (drifted.length > 0) {
      report.drifted = true;
      report.reasons.push(`the model's predictions drifted (${drifted.map(([name]) => name).join(", ")})`);
    }
  }
  if (reference.performance && current.performance) {
    const performance = comparePerformance(reference.performance, current.performance);
    if (performance) {
      report.performance = performance;
      if (performance.drifted) {
        report.drifted = true;
        report.reasons.push("the model's performance dropped");
      }
    }
  }
  return report;
}

function compareColumns(
  reference: DatasetProfile["columns"],
  current: DatasetProfile["columns"],
  config: DriftConfig | undefined,
): { features: Record<string, FeatureDrift>; skipped: SkippedColumn[] } {
  const rule = resolveRule(config);
  const features: Record<string, FeatureDrift> = {};
  const skipped: SkippedColumn[] = [];
  for (const [name, ref] of Object.entries(reference)) {
    const override = rule.columns[name] ?? {};
    const cur = current[name];
    if (override.ignore) skipped.push({ column: name, reason: "ignored in mlci.yml" });
    else if (!cur) skipped.push({ column: name, reason: MISSING_IN_CURRENT });
    else if (cur.type !== ref.type)
      skipped.push({ column: name, reason: `type changed from ${ref.type} to ${cur.type}` });
    else if (ref.type === "timestamp") skipped.push({ column: name, reason: "timestamps move by design" });
    else features[name] = featureDrift(ref, cur, rule, override);
  }
  for (const name of Object.keys(current)) {
    if (!(name in reference)) skipped.push({ column: name, reason: "not in the reference data" });
  }
  return { features, skipped };
}
