import type { DriftConfig, DriftMethod } from "../config/drift-section.js";
import type { ProfileColumnType } from "../profile/column-profile.js";

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
  columns: NonNullable<DriftConfig["columns"]>;
}

export function resolveRule(config: DriftConfig | undefined): ResolvedRule {
  return {
    share: config?.share ?? DEFAULT_SHARE,
    sampleSize: config?.sample_size ?? DEFAULT_SAMPLE_SIZE,
    missingShare: config?.missing_share ?? DEFAULT_MISSING_SHARE,
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

/** Tests drift when the p-value falls below the threshold, distances when the score reaches it. */
export function isDrifted(method: DriftMethod, score: number, threshold: number): boolean {
  return TEST_METHODS.has(method) ? score < threshold : score >= threshold;
}
