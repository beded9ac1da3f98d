import type { DriftConfig } from "../config/drift-section.js";
import type { DatasetProfile } from "../profile/dataset-profile.js";
import { resolveRule } from "./drift-rule.js";
import { type FeatureDrift, featureDrift } from "./feature-drift.js";
import { featureFigures } from "./feature-figures.js";
import { comparePerformance, type PerformanceDrift } from "./performance.js";

export const DRIFT_SCHEMA = "mlci/drift@1";

export interface SkippedColumn {
  column: string;
  reason: string;
}

/** drift.json (see schemas/drift.schema.json). */
export interface DriftReport {
  schema: typeof DRIFT_SCHEMA;
  /** Dataset drift: the share of drifted features reached the threshold. */
  drifted: boolean;
  share: number;
  share_threshold: number;
  drifted_features: string[];
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
  const report: DriftReport = {
    schema: DRIFT_SCHEMA,
    drifted: tested.length > 0 && share >= rule.share,
    share,
    share_threshold: rule.share,
    drifted_features: driftedFeatures,
    reference: { source: reference.source, rows: reference.rows },
    current: { source: current.source, rows: current.rows },
    features,
    skipped,
  };
  if (reference.predictions && current.predictions) {
    report.prediction = compareColumns(reference.predictions, current.predictions, undefined).features;
    // Drifted predictions are drift of what the model does, whatever the share of features says.
    if (Object.values(report.prediction).some((f) => f.drifted)) report.drifted = true;
  }
  if (reference.performance && current.performance) {
    const performance = comparePerformance(reference.performance, current.performance);
    if (performance) {
      report.performance = performance;
      if (performance.drifted) report.drifted = true;
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
    else if (!cur) skipped.push({ column: name, reason: "not in the current data" });
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
