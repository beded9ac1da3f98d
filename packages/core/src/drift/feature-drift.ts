import type { DriftColumnConfig, DriftMethod } from "../config/drift-section.js";
import type { ColumnProfile, NumericColumnProfile } from "../profile/profile-file.js";
import { alignBooleans, alignCategories, alignNumeric, type CategoryAlignment } from "./aligned-distributions.js";
import type { DriftStatistics, FeatureDrift, MissingShareDrift } from "./drift-file.js";
import { defaultMethod, defaultThreshold, isDrifted, isSevere, type ResolvedRule } from "./drift-rule.js";
import {
  chiSquareTest,
  jensenShannonDistance,
  kolmogorovSmirnovTest,
  populationStabilityIndex,
  wassersteinDistance,
} from "./statistics.js";

export function missingShare(column: ColumnProfile): number {
  const rows = column.count + column.missing;
  return rows > 0 ? column.missing / rows : 0;
}

export function featureDrift(
  reference: ColumnProfile,
  current: ColumnProfile,
  rule: ResolvedRule,
  override: DriftColumnConfig = {},
): FeatureDrift {
  if (reference.type === "timestamp" || current.type === "timestamp") {
    throw new Error("timestamp columns are not tested for drift");
  }
  const n = Math.min(reference.count, current.count);
  const method = override.method ?? defaultMethod(reference.type, n, rule.sampleSize);
  const threshold = override.threshold ?? defaultThreshold(method);
  const statistics = n > 0 ? computeStatistics(reference, current) : null;
  const score = statistics ? scoreOf(method, statistics) : null;
  const distributionDrifted = score !== null && isDrifted(method, score, threshold);
  const missing = missingDrift(reference, current, override.missing_share ?? rule.missingShare, rule.severeFactor);
  const severe =
    (statistics !== null &&
      score !== null &&
      isSevere(method, score, threshold, rule.severeFactor, statistics, reference.type)) ||
    missing.severe === true;
  const result: FeatureDrift = {
    type: reference.type,
    method,
    score,
    threshold,
    drifted: distributionDrifted || missing.drifted,
    severe,
    reference_count: reference.count,
    current_count: current.count,
    statistics,
    missing,
  };
  if ((method === "ks" || method === "chi_square") && score !== null) result.p_value = score;
  return result;
}

function missingDrift(
  reference: ColumnProfile,
  current: ColumnProfile,
  threshold: number,
  severeFactor: number,
): MissingShareDrift {
  const r = missingShare(reference);
  const c = missingShare(current);
  const delta = c - r;
  return {
    reference: r,
    current: c,
    delta,
    threshold,
    drifted: Math.abs(delta) >= threshold,
    severe: Math.abs(delta) >= severeFactor * threshold,
  };
}

function computeStatistics(reference: ColumnProfile, current: ColumnProfile): DriftStatistics {
  if (reference.type === "numeric" && current.type === "numeric") return numericStatistics(reference, current);
  let aligned: CategoryAlignment;
  if (reference.type === "categorical" && current.type === "categorical") {
    aligned = alignCategories(reference, current);
  } else if (reference.type === "boolean" && current.type === "boolean") {
    aligned = alignBooleans(reference, current);
  } else {
    throw new Error(`cannot compare a ${reference.type} column with a ${current.type} column`);
  }
  return {
    psi: populationStabilityIndex(aligned.reference, aligned.current),
    jensen_shannon: jensenShannonDistance(aligned.reference, aligned.current),
    chi_square: chiSquareTest(aligned.reference, aligned.current),
  };
}

/**
 * Wasserstein distance in units of the reference's standard deviation, so one threshold fits every
 * unit; a constant reference column is measured in units of its magnitude (or 1 for zero).
 */
function numericStatistics(reference: NumericColumnProfile, current: NumericColumnProfile): DriftStatistics {
  const aligned = alignNumeric(reference, current);
  const scale = (reference.std ?? 0) > 0 ? (reference.std as number) : Math.abs(reference.mean ?? 0) || 1;
  const ks = kolmogorovSmirnovTest(aligned.reference, aligned.current);
  return {
    psi: populationStabilityIndex(aligned.referenceBins, aligned.currentBins),
    jensen_shannon: jensenShannonDistance(aligned.referenceBins, aligned.currentBins),
    wasserstein: wassersteinDistance(aligned.reference, aligned.current) / scale,
    ks: { statistic: ks.statistic, p_value: ks.p_value },
  };
}

function scoreOf(method: DriftMethod, statistics: DriftStatistics): number | null {
  switch (method) {
    case "psi":
      return statistics.psi;
    case "jensen_shannon":
      return statistics.jensen_shannon;
    case "wasserstein":
      return statistics.wasserstein ?? null;
    case "ks":
      return statistics.ks?.p_value ?? null;
    case "chi_square":
      return statistics.chi_square?.p_value ?? null;
  }
}
