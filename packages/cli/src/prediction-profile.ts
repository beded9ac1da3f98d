/**
 * `--model`: runs an ONNX model over the data (the evaluate command's loading and input mapping) and
 * profiles what it predicts: `predictions.value` (regression prediction, or the positive class's
 * probability for a binary classifier) and `predictions.label`; with the target column present, the
 * mergeable performance (correct count, or error sums).
 */
import type { Task } from "@mlci/core/metrics/names.js";
import { ProblemError } from "@mlci/core/problem.js";
import { PredictionProfileAccumulator } from "@mlci/core/profile/prediction-accumulator.js";
import type { DatasetProfile } from "@mlci/core/profile/profile-file.js";
import { streamColumnBatches } from "@mlci/engine/column-batches.js";
import type { DataSource } from "@mlci/engine/data-source.js";
import { planColumns } from "@mlci/model/input-plan.js";
import { inferTask, loadForRole, prepareModel } from "@mlci/model/prepare-model.js";

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
  const accumulator = new PredictionProfileAccumulator(task, prepared.outputs.classes?.length ?? 0);
  try {
    for await (const batch of streamColumnBatches(source, columns)) {
      const predicted = await prepared.predictor.predict(batch);
      accumulator.add(predicted, batch.rows, target ? batch.columns.get(target) : undefined);
    }
  } finally {
    await prepared.model.close();
  }
  return accumulator.finish();
}

async function loadAndClose(path: string) {
  const model = await loadForRole(path, "head");
  await model.close();
  return model;
}
