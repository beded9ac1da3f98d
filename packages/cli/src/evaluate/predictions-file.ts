import type { ColumnBatch, ColumnValues } from "@mlci/core/column-batch.js";
import type { Task } from "@mlci/core/metrics/names.js";
import { ProblemError } from "@mlci/core/problem.js";
import type { ColumnInfo } from "@mlci/engine/data-source.js";
import { type EncodedLabels, encodeLabels } from "@mlci/model/labels.js";
import { argmaxLabels, type PredictionBatch } from "@mlci/model/predictor.js";

/**
 * Predictions mode: a file with, per row, the true value and what a model (not ONNX, or run
 * elsewhere) predicted. Column names:
 *   prediction                 predicted label (classification) or value (regression)
 *   probability_<class>        class probabilities, one column per class (classification)
 *   probability                binary only: probability of the positive class (classes 0 and 1)
 * and the same with the prefix `baseline_` for the production model, which is then scored on exactly
 * the same rows.
 */
export interface PredictionColumns {
  readonly label?: string;
  readonly probabilities?: readonly { readonly column: string; readonly label: string }[];
  readonly score?: string;
  readonly classes?: readonly string[];
}

export function findPredictionColumns(
  columns: readonly ColumnInfo[],
  task: Task,
  prefix: "" | "baseline_",
): PredictionColumns | undefined {
  const names = new Set(columns.map((c) => c.name));
  const label = names.has(`${prefix}prediction`) ? `${prefix}prediction` : undefined;
  if (task === "regression") return label ? { label } : undefined;
  const pattern = new RegExp(`^${prefix}(?:probability|proba)_(.+)$`);
  const probabilities = columns.flatMap((c) => {
    const match = pattern.exec(c.name);
    return match ? [{ column: c.name, label: match[1] as string }] : [];
  });
  if (probabilities.length > 0) {
    return { ...(label ? { label } : {}), probabilities, classes: probabilities.map((p) => p.label) };
  }
  const score = names.has(`${prefix}probability`) ? `${prefix}probability` : undefined;
  if (score && task === "binary") return { ...(label ? { label } : {}), score, classes: ["0", "1"] };
  return label ? { label } : undefined;
}

export function predictionColumnNames(p: PredictionColumns): string[] {
  return [
    ...(p.label ? [p.label] : []),
    ...(p.probabilities ?? []).map((c) => c.column),
    ...(p.score ? [p.score] : []),
  ];
}

/** A batch of the predictions file read as a model's answers. */
export function readPredictionBatch(batch: ColumnBatch, p: PredictionColumns, task: Task): PredictionBatch {
  const rows = batch.rows;
  const column = (name: string): ColumnValues => batch.columns.get(name) as ColumnValues;
  const numbers = (name: string): Float64Array => {
    const c = column(name);
    if (c.kind !== "number") {
      throw new ProblemError({
        kind: "input",
        message: `the predictions column ${name} holds text; it must hold numbers`,
        fix: `write ${name} as numbers`,
      });
    }
    for (let i = 0; i < rows; i++) {
      if (Number.isNaN(c.values[i])) {
        throw new ProblemError({
          kind: "input",
          message: `the predictions column ${name} is missing at row ${batch.offset + i + 1}`,
          fix: "every evaluated row needs a prediction",
        });
      }
    }
    return c.values;
  };
  if (task === "regression") return { rows, values: numbers(p.label as string) };
  let probabilities: Float64Array | undefined;
  if (p.probabilities) {
    const k = p.probabilities.length;
    probabilities = new Float64Array(rows * k);
    p.probabilities.forEach((c, j) => {
      const values = numbers(c.column);
      for (let i = 0; i < rows; i++) (probabilities as Float64Array)[i * k + j] = values[i] as number;
    });
  }
  const values = p.score ? numbers(p.score) : undefined;
  let labels: EncodedLabels | undefined;
  if (p.label) {
    const c = column(p.label);
    for (let i = 0; i < rows; i++) {
      const v = c.values[i];
      if (v === null || (typeof v === "number" && Number.isNaN(v))) {
        throw new ProblemError({
          kind: "input",
          message: `the predictions column ${p.label} is missing at row ${batch.offset + i + 1}`,
          fix: "every evaluated row needs a prediction",
        });
      }
    }
    labels = encodeLabels(c.values);
  } else if (probabilities && p.classes) {
    labels = argmaxLabels(probabilities, p.classes, rows);
  } else if (values) {
    labels = { names: ["0", "1"], codes: Int32Array.from(values, (s) => (s >= 0.5 ? 1 : 0)) };
  }
  return {
    rows,
    ...(labels ? { labels } : {}),
    ...(probabilities ? { probabilities } : {}),
    ...(values ? { values } : {}),
  };
}
