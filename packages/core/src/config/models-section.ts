import { z } from "zod";
import { gatesConfig } from "./gates-section.js";
import { modelReleaseFields } from "./model-release-config.js";
import { trainConfig } from "./train-section.js";

/** `models:` in mlci.yml: one entry per model the repository ships, keyed by model name. */
export const modelConfig = z.strictObject({
  /** The ONNX file the training command writes. */
  path: z.string().min(1),
  task: z.enum(["binary", "multiclass", "regression"]).optional(),
  /** Name of the label column in the evaluation data. */
  target: z.string().min(1).optional(),
  /** Columns fed, in this order, as one 2-D tensor; omitted: inputs are mapped by name. */
  features: z.array(z.string().min(1)).optional(),
  /** A dataset name from `data:`, or a path, to evaluate on. */
  data: z.string().min(1).optional(),
  /**
   * The probability output holds uncalibrated scores, not probabilities (`--scores`): only ranking
   * metrics (ROC AUC, average precision) read it, and it is not checked to sum to 1.
   */
  scores: z.boolean().optional(),
  /** Columns whose segments get their own metrics. */
  slices: z.array(z.string().min(1)).optional(),
  /** Quality, latency and size limits checked by `mlci evaluate` (gates-section.ts). */
  gates: gatesConfig.optional(),
  /** The production model to compare against (an ONNX path), evaluated on the same rows. */
  baseline: z.string().min(1).optional(),
  /** How the model is trained (`mlci train`). */
  train: trainConfig.optional(),
  ...modelReleaseFields,
});
export type ModelConfig = z.infer<typeof modelConfig>;

export const modelsSection = z.record(
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "model names use letters, digits, '.', '_' and '-'"),
  modelConfig,
);
