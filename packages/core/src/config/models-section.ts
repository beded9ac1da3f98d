import * as z from "zod/mini";
import "../zod-messages.js";
import { gatesConfig } from "./gates-section.js";
import { modelReleaseFields } from "./model-release-config.js";
import { trainConfig } from "./train-section.js";

/** `models:` in mlci.yml: one entry per model the repository ships, keyed by model name. */
export const modelConfig = z.strictObject({
  /** The ONNX file the training command writes. */
  path: z.string().check(z.minLength(1)),
  task: z.optional(z.enum(["binary", "multiclass", "regression"])),
  /** Name of the label column in the evaluation data. */
  target: z.optional(z.string().check(z.minLength(1))),
  /** Columns fed, in this order, as one 2-D tensor; omitted: inputs are mapped by name. */
  features: z.optional(z.array(z.string().check(z.minLength(1)))),
  /** A dataset name from `data:`, or a path, to evaluate on. */
  data: z.optional(z.string().check(z.minLength(1))),
  /**
   * The probability output holds uncalibrated scores, not probabilities (`--scores`): only ranking
   * metrics (ROC AUC, average precision) read it, and it is not checked to sum to 1.
   */
  scores: z.optional(z.boolean()),
  /** Columns whose segments get their own metrics. */
  slices: z.optional(z.array(z.string().check(z.minLength(1)))),
  /** Quality, latency and size limits checked by `mlci evaluate` (gates-section.ts). */
  gates: z.optional(gatesConfig),
  /** The production model to compare against (an ONNX path), evaluated on the same rows. */
  baseline: z.optional(z.string().check(z.minLength(1))),
  /** How the model is trained (`mlci train`). */
  train: z.optional(trainConfig),
  ...modelReleaseFields,
});
export type ModelConfig = z.infer<typeof modelConfig>;

export const modelsSection = z.record(
  z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "model names use letters, digits, '.', '_' and '-'")),
  modelConfig,
);
