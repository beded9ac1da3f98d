import { z } from "zod";

/** Statistics a column can be judged by (see docs/drift.md). */
export const DRIFT_METHODS = ["wasserstein", "jensen_shannon", "psi", "ks", "chi_square"] as const;
export type DriftMethod = (typeof DRIFT_METHODS)[number];

/** Per-column override: another method or threshold, or leave the column out. */
export const driftColumnConfig = z.strictObject({
  method: z.enum(DRIFT_METHODS).optional(),
  /** Distances drift at score >= threshold; tests (ks, chi_square) drift at p-value < threshold. */
  threshold: z.number().positive().optional(),
  /** Neither profiled for drift nor counted in the share (IDs, timestamps that always move). */
  ignore: z.boolean().optional(),
  /** Overrides `missing_share` for this column. */
  missing_share: z.number().positive().max(1).optional(),
});
export type DriftColumnConfig = z.infer<typeof driftColumnConfig>;

/** `drift:` in mlci.yml. Every field has a default (see packages/core/src/drift/drift-rule.ts). */
export const driftSection = z.strictObject({
  /** Dataset drift when at least this share of the tested features drifted. */
  share: z.number().positive().max(1).optional(),
  /** Up to this many non-missing values on a side, p-value tests; above it, effect sizes. */
  sample_size: z.number().int().positive().optional(),
  /** A change of the missing share of at least this much (absolute) is drift. */
  missing_share: z.number().positive().max(1).optional(),
  columns: z.record(z.string().min(1), driftColumnConfig).optional(),
  /**
   * A feature whose effect reaches this multiple of its threshold (or whose missing-share change
   * reaches this multiple of missing_share) fails the run on its own, whatever the share says.
   */
  severe_factor: z.number().min(1).optional(),
  /** Features that fail the run when they drift at all, or are missing from the current data. */
  critical: z.array(z.string().min(1)).optional(),
  issue: z
    .strictObject({
      /** Label of the drift issue; one open issue per model carries it. */
      label: z.string().min(1).optional(),
      /** Consecutive clean runs after which the issue is closed. */
      close_after: z.number().int().positive().optional(),
    })
    .optional(),
});
export type DriftConfig = z.infer<typeof driftSection>;
