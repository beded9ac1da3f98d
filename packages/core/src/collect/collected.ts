import type { Task } from "../metrics/names.js";

/** One model's answers on every evaluated row, in row order. */
export type CollectedPredictions =
  /** Class indices into `CollectedRows.classes`; probabilities row-major rows x classes. */
  | { readonly kind: "classification"; readonly yPred: Int32Array; readonly proba?: Float64Array }
  | { readonly kind: "regression"; readonly yPred: Float64Array };

export interface CollectedSlice {
  readonly column: string;
  /** Segment names; a missing value is the segment "(missing)". */
  readonly segments: readonly string[];
  /** Per row, the index of its segment. */
  readonly codes: Int32Array;
}

/** Everything the metrics need, gathered in one pass over the data: both models saw exactly these rows. */
export interface CollectedRows {
  readonly task: Task;
  readonly rows: number;
  /** Classification: class names, the index space of yTrue, yPred and probability columns. */
  readonly classes?: readonly string[];
  /** Class indices (classification) or values (regression). */
  readonly yTrue: Int32Array | Float64Array;
  readonly head: CollectedPredictions;
  readonly baseline?: CollectedPredictions;
  readonly slices: readonly CollectedSlice[];
}

export const MISSING_SEGMENT = "(missing)";
