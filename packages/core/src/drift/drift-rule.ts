import type { DriftConfig, DriftMethod } from "../config/drift-section.js";
import type { ProfileColumnType } from "../profile/profile-file.js";

/**
 * The default rule: which statistic judges a column and at which threshold. With few values a
 * p-value test is the right tool; with many, every test rejects for differences too small to matter
 * (a p-value falls with sqrt(n) for a fixed effect), so effect sizes with fixed thresholds take over.
 * The numbers follow Evidently's defaults (docs/drift.md compares them with TFDV's).
 */

/** At most this many non-missing values on the smaller side: tests (Evidently switches at 1000 too). */
export const DEFAULT_SAMPLE_SIZE = 1000;
/** Significance level of the KS and chi-square tests. */
export const DEFAULT_P_VALUE = 0.05;
/** Wasserstein distance in units of the reference standard deviation (Evidently: 0.1). */
export const DEFAULT_WASSERSTEIN = 0.1;
/** Jensen-Shannon distance, natural log (Evidently: 0.1). */
export const DEFAULT_JENSEN_SHANNON = 0.1;
/** PSI: 0.1 is the conventional "moderate shift" line (0.25 "major"); Evidently uses 0.1. */
export const DEFAULT_PSI = 0.1;
/** Absolute change of the missing share that counts as drift: 10 percentage points. */
export const DEFAULT_MISSING_SHARE = 0.1;
/** Dataset drift when at least half of the tested features drifted (Evidently's drift_share). */
export const DEFAULT_SHARE = 0.5;
/**
 * A feature at twice its threshold fails the run alone. The share rule is for many mild shifts; one
 * broken feed (miles turned into kilometres: Wasserstein 0.78 = 7.8x the threshold; 30% of a column
 * gone missing: 3x the missing-share threshold) must not hide behind the features that did not move.
 * Random halves of one month stay below 0.3x the thresholds (docs/drift.md), so 2x leaves a wide margin.
 */
export const DEFAULT_SEVERE_FACTOR = 2;

export const TEST_METHODS: ReadonlySet<DriftMethod> = new Set(["ks", "chi_square"]);

export function defaultThreshold(method: DriftMethod): number {
  switch (method) {
    case "wasserstein":
      return DEFAULT_WASSERSTEIN;
    case "jensen_shannon":
      return DEFAULT_JENSEN_SHANNON;
    case "psi":
      return DEFAULT_PSI;
    case "ks":
    case "chi_square":
      return DEFAULT_P_VALUE;
  }
}

export interface ResolvedRule {
  share: number;
  sampleSize: number;
  missingShare: number;
  severeFactor: number;
  critical: ReadonlySet<string>;
  columns: NonNullable<DriftConfig["columns"]>;
}

export function resolveRule(config: DriftConfig | undefined): ResolvedRule {
  return {
    share: config?.share ?? DEFAULT_SHARE,
    sampleSize: config?.sample_size ?? DEFAULT_SAMPLE_SIZE,
    missingShare: config?.missing_share ?? DEFAULT_MISSING_SHARE,
    severeFactor: config?.severe_factor ?? DEFAULT_SEVERE_FACTOR,
    critical: new Set(config?.critical ?? []),
    columns: config?.columns ?? {},
  };
}

/** The method for a column of this type when the smaller side has `n` non-missing values. */
export function defaultMethod(
  type: Exclude<ProfileColumnType, "timestamp">,
  n: number,
  sampleSize: number,
): DriftMethod {
  const small = n <= sampleSize;
  if (type === "numeric") return small ? "ks" : "wasserstein";
  return small ? "chi_square" : "jensen_shannon";
}

/**
 * A drift far past its threshold: a distance at `factor` times its threshold. A p-value test (few
 * values) says whether there is a shift, not how large, so its severity is judged by the effect size
 * the distance method for that column type would use, against that method's default threshold.
 */
export function isSevere(
  method: DriftMethod,
  score: number,
  threshold: number,
  factor: number,
  effect: { wasserstein?: number; jensen_shannon: number },
  type: Exclude<ProfileColumnType, "timestamp">,
): boolean {
  if (!TEST_METHODS.has(method)) return score >= factor * threshold;
  if (!isDrifted(method, score, threshold)) return false;
  return type === "numeric"
    ? (effect.wasserstein ?? 0) >= factor * DEFAULT_WASSERSTEIN
    : effect.jensen_shannon >= factor * DEFAULT_JENSEN_SHANNON;
}

/** Tests drift when the p-value falls below the threshold, distances when the score reaches it. */
export function isDrifted(method: DriftMethod, score: number, threshold: number): boolean {
  return TEST_METHODS.has(method) ? score < threshold : score >= threshold;
}
