import * as z from "zod/mini";
import "../zod-messages.js";

/** Statistics a column can be judged by (see docs/drift.md). */
export const DRIFT_METHODS = ["wasserstein", "jensen_shannon", "psi", "ks", "chi_square"] as const;
export type DriftMethod = (typeof DRIFT_METHODS)[number];

/** Per-column override: another method or threshold, or leave the column out. */
export const driftColumnConfig = z.strictObject({
  method: z.optional(z.enum(DRIFT_METHODS)),
  /** Distances drift at score >= threshold; tests (ks, chi_square) drift at p-value < threshold. */
  threshold: z.optional(z.number().check(z.positive())),
  /** Neither profiled for drift nor counted in the share (IDs, timestamps that always move). */
  ignore: z.optional(z.boolean()),
  /** Overrides `missing_share` for this column. */
  missing_share: z.optional(z.number().check(z.positive(), z.lte(1))),
});
export type DriftColumnConfig = z.infer<typeof driftColumnConfig>;

/** `drift:` in mlci.yml. Every field has a default (see packages/core/src/drift/drift-rule.ts). */
export const driftSection = z.strictObject({
  /** Dataset drift when at least this share of the tested features drifted. */
  share: z.optional(z.number().check(z.positive(), z.lte(1))),
  /** Up to this many non-missing values on a side, p-value tests; above it, effect sizes. */
  sample_size: z.optional(z.int().check(z.positive())),
  /** A change of the missing share of at least this much (absolute) is drift. */
  missing_share: z.optional(z.number().check(z.positive(), z.lte(1))),
  columns: z.optional(z.record(z.string().check(z.minLength(1)), driftColumnConfig)),
  /**
   * A feature whose effect reaches this multiple of its threshold (or whose missing-share change
   * reaches this multiple of missing_share) fails the run on its own, whatever the share says.
   */
  severe_factor: z.optional(z.number().check(z.gte(1))),
  /** Features that fail the run when they drift at all, or are missing from the current data. */
  critical: z.optional(z.array(z.string().check(z.minLength(1)))),
  issue: z.optional(
    z.strictObject({
      /** Label of the drift issue; one open issue per model carries it. */
      label: z.optional(z.string().check(z.minLength(1))),
      /** Consecutive clean runs after which the issue is closed. */
      close_after: z.optional(z.int().check(z.positive())),
    }),
  ),
});
export type DriftConfig = z.infer<typeof driftSection>;
