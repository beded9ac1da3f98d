import * as z from "zod/mini";
import "../zod-messages.js";

/**
 * `gates:` in a model's entry of mlci.yml: limits the evaluated model must meet, else
 * `mlci evaluate` exits 1.
 *
 *   gates:
 *     roc_auc: { min: 0.80, max_drop: 0.01 }        # absolute floor; at most 0.01 below the baseline
 *     log_loss: { max_drop: "5%", only_if_significant: true }
 *     latency_p95_ms: { max: 20 }
 *     size_mb: { max: 50 }
 */

/** A drop as an absolute amount (0.01) or relative to the baseline's value ("2%"). */
export const dropThreshold = z.union([
  z.number().check(z.nonnegative()),
  z.string().check(z.regex(/^\d+(\.\d+)?%$/, 'a relative drop is written as a percentage, e.g. "2%"')),
]);

export const metricGate = z
  .strictObject({
    /** The metric must be at least this. */
    min: z.optional(z.number()),
    /** The metric must be at most this. */
    max: z.optional(z.number()),
    /** The metric may get worse than the baseline's by at most this (in its own direction). */
    max_drop: z.optional(dropThreshold),
    /** Fail `max_drop` only when the paired-bootstrap interval says the change is real. */
    only_if_significant: z.optional(z.boolean()),
  })
  .check(
    z.refine((g) => g.min !== undefined || g.max !== undefined || g.max_drop !== undefined, {
      message: "a gate needs at least one of min, max, max_drop",
    }),
  );
export type MetricGate = z.infer<typeof metricGate>;

export const limitGate = z.strictObject({ max: z.number().check(z.positive()) });

const m = z.optional(metricGate);
export const gatesConfig = z.strictObject({
  accuracy: m,
  balanced_accuracy: m,
  precision: m,
  recall: m,
  f1: m,
  f1_macro: m,
  f1_micro: m,
  f1_weighted: m,
  roc_auc: m,
  average_precision: m,
  log_loss: m,
  brier: m,
  mae: m,
  mse: m,
  rmse: m,
  r2: m,
  mape: m,
  median_ae: m,
  /** 95th percentile of single-row inference latency, in milliseconds. */
  latency_p95_ms: z.optional(limitGate),
  /** Model file size in megabytes (10^6 bytes). */
  size_mb: z.optional(limitGate),
});
export type GatesConfig = z.infer<typeof gatesConfig>;
