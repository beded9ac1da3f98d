import type { Task } from "@mlci/core/metrics/names.js";
import { ProblemError } from "@mlci/core/problem.js";
import { type ColumnSpec, type InputPlan, planInputs } from "./input-plan.js";
import { type LoadedModel, loadModel } from "./load-model.js";
import { type OutputPlan, planOutputs } from "./outputs.js";
import { createPredictor, type Predictor } from "./predictor.js";

export interface PreparedModel {
  readonly role: "head" | "baseline";
  readonly model: LoadedModel;
  readonly inputs: InputPlan;
  readonly outputs: OutputPlan;
  readonly predictor: Predictor;
}

/**
 * Loads a model and plans how the data feeds it. The features list applies to both models; a
 * baseline that takes its columns by name instead (exported differently) is fed by name.
 */
export async function prepareModel(
  pathOrModel: string | LoadedModel,
  role: PreparedModel["role"],
  columns: readonly ColumnSpec[],
  features: readonly string[] | undefined,
  task: Task,
): Promise<PreparedModel> {
  const model = typeof pathOrModel === "string" ? await loadForRole(pathOrModel, role) : pathOrModel;
  const path = model.file.path;
  let inputs = planInputs(model.inputs, columns, features);
  if (!inputs.ok && features && features.length > 0) {
    const byName = planInputs(model.inputs, columns);
    if (byName.ok) inputs = byName;
  }
  if (!inputs.ok) throw new ProblemError(withRole(inputs.error, role, path));
  const outputs = planOutputs(model.outputs, task, model.classLabels, model.zipmapOutputs);
  if (!outputs.ok) throw new ProblemError(withRole(outputs.error, role, path));
  return {
    role,
    model,
    inputs: inputs.value,
    outputs: outputs.value,
    predictor: createPredictor(model, inputs.value, outputs.value),
  };
}

export async function loadForRole(path: string, role: PreparedModel["role"]): Promise<LoadedModel> {
  const loaded = await loadModel(path);
  if (!loaded.ok) throw new ProblemError(withRole(loaded.error, role, path));
  return loaded.value;
}

/**
 * The task a model's outputs imply when neither --task nor mlci.yml says: class probabilities or a
 * label mean classification (binary with two classes), a single float output means regression.
 */
export function inferTask(model: LoadedModel): Task | undefined {
  const asClassifier = planOutputs(model.outputs, "multiclass", model.classLabels, model.zipmapOutputs);
  if (asClassifier.ok && asClassifier.value.classes) {
    return asClassifier.value.classes.length === 2 ? "binary" : "multiclass";
  }
  if (asClassifier.ok) return undefined;
  return planOutputs(model.outputs, "regression", undefined).ok ? "regression" : undefined;
}

function withRole(problem: ProblemError["problems"][number], role: PreparedModel["role"], path: string) {
  const prefix = role === "baseline" ? `baseline ${path}: ` : "";
  return { ...problem, message: `${prefix}${problem.message}` };
}
