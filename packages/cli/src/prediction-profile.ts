/**
 * `--model`: runs an ONNX model over the data (the evaluate command's loading and input mapping) and
 * profiles what it predicts: `predictions.value` (regression prediction, or the positive class's
 * probability for a binary classifier) and `predictions.label`; with the target column present, the
 * mergeable performance (correct count, or error sums).
 */

import type { PerformanceProfile } from "@mlci/core/drift/performance.js";
import type { Task } from "@mlci/core/metrics/names.js";
import { ProblemError } from "@mlci/core/problem.js";
import type { ColumnProfile } from "@mlci/core/profile/column-profile.js";
import type { DatasetProfile } from "@mlci/core/profile/dataset-profile.js";
import { profileValues } from "@mlci/core/profile/memory-profile.js";
import { streamColumnBatches } from "@mlci/engine/column-batches.js";
import type { DataSource } from "@mlci/engine/data-source.js";
import { planColumns } from "@mlci/model/input-plan.js";
import { inferTask, load, prepareModel } from "./evaluate/prepare-model.js";

export interface PredictionOptions {
  model: string;
  task?: Task;
  target?: string;
  features?: readonly string[];
}

export async function profilePredictions(
  source: DataSource,
  options: PredictionOptions,
): Promise<Pick<DatasetProfile, "predictions" | "performance">> {
  const task = options.task ?? inferTask(await loadAndClose(options.model));
  if (!task) {
    throw new ProblemError({
      kind: "usage",
      message: `cannot tell the task from the outputs of ${options.model}`,
      fix: "pass --task binary|multiclass|regression (or task: in mlci.yml)",
    });
  }
  const prepared = await prepareModel(options.model, "head", source.columns, options.features, task);
  const target = options.target && source.columns.some((c) => c.name === options.target) ? options.target : undefined;
  const columns = [...new Set([...planColumns(prepared.inputs), ...(target ? [target] : [])])];
  const values: number[] = [];
  const labels: string[] = [];
  let correct = 0;
  let absError = 0;
  let squaredError = 0;
  let labelled = 0;
  try {
    for await (const batch of streamColumnBatches(source, columns)) {
      const predicted = await prepared.predictor.predict(batch);
      const truth = target ? batch.columns.get(target) : undefined;
      for (let i = 0; i < batch.rows; i++) {
        const value = predictedValue(predicted, i, task, prepared.outputs.classes?.length ?? 0);
        if (value !== undefined) values.push(value);
        const label = predicted.labels ? predicted.labels.names[predicted.labels.codes[i] as number] : undefined;
        if (label !== undefined) labels.push(label);
        if (!truth) continue;
        const actual = truth.kind === "number" ? truth.values[i] : truth.values[i];
        if (actual === null || actual === undefined || (typeof actual === "number" && Number.isNaN(actual))) continue;
        labelled++;
        if (task === "regression") {
          const error = Number(actual) - (value ?? Number.NaN);
          absError += Math.abs(error);
          squaredError += error * error;
        } else if (label !== undefined && String(actual) === label) {
          correct++;
        }
      }
    }
  } finally {
    await prepared.model.close();
  }
  const predictions: Record<string, ColumnProfile> = {};
  if (values.length > 0) predictions.value = profileValues(values, "numeric");
  if (labels.length > 0 && task !== "regression") predictions.label = profileValues(labels, "categorical");
  const performance: PerformanceProfile | undefined =
    labelled === 0
      ? undefined
      : task === "regression"
        ? { task, rows: labelled, sum_abs_error: absError, sum_squared_error: squaredError }
        : { task, rows: labelled, correct };
  return { predictions, ...(performance ? { performance } : {}) };
}

async function loadAndClose(path: string) {
  const model = await load(path, "head");
  await model.close();
  return model;
}

/** The number to profile for row i: the regression value, or the positive class's probability. */
function predictedValue(
  predicted: { values?: Float64Array; probabilities?: Float64Array },
  i: number,
  task: Task,
  classes: number,
): number | undefined {
  if (task === "regression") return predicted.values?.[i];
  if (task === "binary") {
    if (predicted.probabilities && classes === 2) return predicted.probabilities[i * 2 + 1];
    return predicted.values?.[i];
  }
  return undefined;
}
