import { z } from "zod";

/**
 * The parts of evaluation.json (owned by `mlci evaluate`, schema mlci/evaluation@1) that a release
 * reads. Loose objects: fields added to evaluation.json later must not break releasing.
 */
const metricsSchema = z.record(z.string(), z.number().nullable());

const deltaSchema = z.looseObject({
  head: z.number().nullable().optional(),
  baseline: z.number().nullable().optional(),
  delta: z.number().nullable(),
  ci_low: z.number().nullable(),
  ci_high: z.number().nullable(),
  significant: z.boolean(),
  direction: z.enum(["higher", "lower"]).optional(),
  verdict: z.enum(["better", "worse", "same"]).optional(),
});
export type EvaluationDeltaView = z.infer<typeof deltaSchema>;

const sliceDeltaSchema = z.looseObject({
  delta: z.number().nullable(),
  ci_low: z.number().nullable(),
  ci_high: z.number().nullable(),
  significant: z.boolean().optional(),
  verdict: z.enum(["better", "worse", "same"]).optional(),
});

const sideSchema = z.looseObject({
  model: z
    .looseObject({ path: z.string(), sha256: z.string().optional(), size_bytes: z.number().optional() })
    .optional(),
  metrics: metricsSchema,
  cost: z
    .looseObject({
      size_bytes: z.number().optional(),
      latency_ms: z.looseObject({ p50: z.number(), p95: z.number(), p99: z.number() }).partial().optional(),
      throughput_rows_per_s: z.number().optional(),
    })
    .optional(),
});

export const evaluationViewSchema = z.looseObject({
  schema: z.string().startsWith("mlci/evaluation@"),
  name: z.string().optional(),
  task: z.string().optional(),
  data: z.looseObject({ path: z.string(), rows: z.number().optional() }).optional(),
  target: z.string().optional(),
  head: sideSchema,
  baseline: sideSchema.nullable().optional(),
  comparison: z
    .looseObject({
      method: z.string().optional(),
      confidence: z.number().optional(),
      deltas: z.record(z.string(), deltaSchema),
    })
    .optional(),
  gates: z
    .array(
      z.looseObject({
        metric: z.string().optional(),
        kind: z.string().optional(),
        threshold: z.number().optional(),
        relative: z.boolean().optional(),
        observed: z.number().nullable().optional(),
        passed: z.boolean(),
      }),
    )
    .optional(),
  slices: z
    .array(
      z.looseObject({
        column: z.string(),
        segment: z.string(),
        rows: z.number(),
        head: metricsSchema,
        baseline: metricsSchema.optional(),
        deltas: z.record(z.string(), sliceDeltaSchema).optional(),
        regressed: z.boolean(),
      }),
    )
    .optional(),
  passed: z.boolean().optional(),
});
export type EvaluationView = z.infer<typeof evaluationViewSchema>;
