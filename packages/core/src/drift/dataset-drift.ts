import type { DriftConfig } from "../config/drift-section.js";
import type { DatasetProfile } from "../profile/profile-file.js";
import { DRIFT_SCHEMA, type DriftReport, type FeatureDrift, type SkippedColumn } from "./drift-file.js";
import { resolveRule } from "./drift-rule.js";
import { featureDrift } from "./feature-drift.js";
import { featureFigures } from "./feature-figures.js";
import { comparePerformance } from "./performance.js";

const MISSING_IN_CURRENT = "not in the current data";

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
    else {
      const drift = featureDrift(ref, cur, rule, override);
      // Figures for the drift issue, for drifted features only: drift.json stays small on wide data.
      const figures = drift.drifted ? featureFigures(ref, cur) : undefined;
      features[name] = figures ? { ...drift, figures } : drift;
    }
  }
  for (const name of Object.keys(current)) {
    if (!(name in reference)) skipped.push({ column: name, reason: "not in the reference data" });
  }
  return { features, skipped };
}
