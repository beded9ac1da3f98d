import { isAbsolute, relative } from "node:path";
import {
  assembleEvaluation,
  type Comparison,
  compareModels,
  type Evaluation,
  type ModelEvaluation,
  modelCurves,
  ProblemError,
  scoreModel,
  sliceEvaluation,
  type TaskPredictions,
} from "@mlci/core";
import type { EvaluationRun } from "./run-evaluation.js";
import { taskPredictions } from "./score.js";
import type { EvaluateSettings } from "./settings.js";

/**
 * evaluation.json from one run: metrics of each side, the paired bootstrap of head minus baseline,
 * slices, and the gates of the model's entry in mlci.yml (all computed by the core).
 */
export function buildEvaluation(run: EvaluationRun, settings: EvaluateSettings): Evaluation {
  const { collected } = run;
  const head = taskPredictions(collected, collected.head);
  const baseline = collected.baseline ? taskPredictions(collected, collected.baseline) : null;
  const bootstrap = { resamples: settings.resamples, seed: settings.seed };
  return scoring(() => {
    const side = (predictions: TaskPredictions, info: NonNullable<EvaluationRun["baseline"]>): ModelEvaluation => {
      const curves = modelCurves(predictions);
      return {
        model: info.source,
        ...scoreModel(predictions),
        ...(info.cost ? { cost: info.cost } : {}),
        ...(curves ? { curves } : {}),
      };
    };
    const comparison: Comparison | undefined = baseline ? compareModels(head, baseline, bootstrap) : undefined;
    const slices = sliceEvaluation(head, baseline, collected.slices, {
      ...bootstrap,
      minRows: settings.minSupport,
    });
    return assembleEvaluation({
      name: settings.name,
      task: run.task,
      data: { path: portablePath(run.dataPath), rows: collected.rows },
      target: settings.target,
      head: side(head, run.head),
      baseline: baseline && run.baseline ? side(baseline, run.baseline) : null,
      ...(comparison ? { comparison } : {}),
      slices: slices.slices,
      sliceTests: slices.tests,
      ...(settings.entry?.gates ? { gates: settings.entry.gates } : {}),
    });
  }, collected.classes);
}

/** The core refuses impossible inputs with RangeError (a binary task with three classes): exit 2. */
function scoring<T>(compute: () => T, classes: readonly string[] | undefined): T {
  try {
    return compute();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new ProblemError({
      kind: "input",
      message: `cannot score the predictions: ${error.message}${classes ? ` (classes seen: ${classes.join(", ")})` : ""}`,
      fix: "check --task and --target: a binary task needs exactly two classes, shared by the target and the model",
    });
  }
}

/**
 * The data path as evaluation.json records it: relative to the working directory when the file lies
 * under it, so a release's model card shows `data/test.parquet`, not the CI runner's home directory.
 */
export function portablePath(path: string, cwd = process.cwd()): string {
  if (!isAbsolute(path)) return path;
  const inside = relative(cwd, path);
  return inside.startsWith("..") || isAbsolute(inside) ? path : inside;
}
