import { isAbsolute, relative } from "node:path";
import type { CollectedPredictions, CollectedRows } from "@mlci/core/collect/collected.js";
import { taskPredictions } from "@mlci/core/collect/task-predictions.js";
import { loadStudentT } from "@mlci/core/compare/student-t.js";
import { assembleEvaluation } from "@mlci/core/evaluation/assemble.js";
import { modelCurves, scoreModel, type TaskPredictions } from "@mlci/core/evaluation/score.js";
import { ComparisonPlan } from "@mlci/core/evaluation/slices.js";
import type { Evaluation, ModelEvaluation, ReleaseReference } from "@mlci/core/evaluation/types.js";
import { invalidProbabilityRow } from "@mlci/core/metrics/probability-check.js";
import { ProblemError } from "@mlci/core/problem.js";
import { peakMemoryBytes } from "@mlci/model/cost.js";
import {
  computeReplicates,
  type ReplicateWorker,
  startReplicateWorkers,
  stopReplicateWorkers,
} from "./parallel-replicates.js";
import { cumulative, noProgress, type StartProgress } from "./progress.js";
import type { EvaluationRun, RunSide } from "./run-evaluation.js";
import type { EvaluateSettings } from "./settings.js";

/**
 * evaluation.json from one run: metrics of each side, the paired bootstrap of head minus baseline,
 * slices, and the gates of the model's entry in mlci.yml (all computed by the core; the bootstrap's
 * replicates on every core when that pays, with a progress bar of its own).
 */
export async function buildEvaluation(
  run: EvaluationRun,
  settings: EvaluateSettings,
  startProgress: StartProgress = () => noProgress,
): Promise<Evaluation> {
  const { collected } = run;
  if (!settings.scores) {
    requireProbabilities(collected, collected.head, run.head, "head");
    if (collected.baseline && run.baseline)
      requireProbabilities(collected, collected.baseline, run.baseline, "baseline");
  }
  const head = taskPredictions(collected, collected.head, settings.scores);
  const baseline = collected.baseline ? taskPredictions(collected, collected.baseline, settings.scores) : null;
  const bootstrap = { resamples: settings.resamples, seed: settings.seed };
  return scoring(async () => {
    const side = (
      predictions: TaskPredictions,
      info: NonNullable<EvaluationRun["baseline"]>,
      release?: ReleaseReference,
    ): ModelEvaluation => {
      const curves = modelCurves(predictions);
      return {
        model: info.source,
        ...(release ? { release } : {}),
        ...scoreModel(predictions),
        ...(info.cost ? { cost: info.cost } : {}),
        ...(curves ? { curves } : {}),
      };
    };
    const evaluate = async (workers: readonly ReplicateWorker[]): Promise<Evaluation> => {
      const plan = ComparisonPlan.create(head, baseline, collected.slices, {
        ...bootstrap,
        minRows: settings.minSupport,
      });
      const progress = plan.work > 0 ? startProgress(plan.work, "bootstrap", "resamples") : noProgress;
      // Both models' metrics and the segments' need no replicate: scored while worker threads draw them
      // (and the p-values' incomplete beta function loaded).
      let sides: { head: ModelEvaluation; baseline: ModelEvaluation | null } | undefined;
      const scoreSides = () => {
        plan.scoreSegments();
        if (plan.work > 0) loadStudentT();
        sides = {
          head: side(head, run.head),
          baseline: baseline && run.baseline ? side(baseline, run.baseline, settings.baselineVersion) : null,
        };
        return sides;
      };
      const { comparison, slices } = await (async () => {
        try {
          const onProgress = cumulative(progress);
          return plan.finish(await computeReplicates(plan, onProgress, { meanwhile: scoreSides, workers }), onProgress);
        } finally {
          progress.done();
        }
      })();
      const scored = sides ?? scoreSides();
      return assembleEvaluation({
        name: settings.name,
        task: run.task,
        data: { path: portablePath(run.dataPath), rows: collected.rows },
        target: settings.target,
        head: scored.head,
        baseline: scored.baseline,
        ...(comparison ? { comparison } : {}),
        slices: slices.slices,
        sliceTests: slices.tests,
        ...(settings.entry?.gates ? { gates: settings.entry.gates } : {}),
        // Both models ran in this process: its peak is not either model's, so it is reported once.
        ...(settings.cost ? { peakMemoryBytes: peakMemoryBytes() } : {}),
      });
    };
    // Many replicates of a binary comparison are drawn on worker threads: started now, they load
    // their modules while this thread builds the kernel.
    const workers =
      baseline && head.task === "binary"
        ? startReplicateWorkers(collected.rows, collected.slices.length, settings.resamples)
        : [];
    try {
      return await evaluate(workers);
    } finally {
      stopReplicateWorkers(workers); // computeReplicates stops them; this covers a failure before it
    }
  }, collected.classes);
}

/**
 * Probabilities that are not (values outside [0, 1], rows not summing to 1) would give a wrong log
 * loss and Brier score without a word: exit 2 naming the output and a row, unless --scores.
 */
function requireProbabilities(
  rows: CollectedRows,
  side: CollectedPredictions,
  run: RunSide,
  role: "head" | "baseline",
): void {
  if (side.kind !== "classification" || !side.proba || !rows.classes) return;
  const bad = invalidProbabilityRow(side.proba, rows.classes.length);
  if (!bad) return;
  const where = run.probabilityOutput ? `output ${run.probabilityOutput}` : "probability output";
  const model = "path" in run.source ? run.source.path : run.source.predictions;
  const classes = rows.classes.map((c, i) => `${c}: ${bad.values[i]}`).join(", ");
  throw new ProblemError({
    kind: "input",
    message: `the ${role} model's ${where} (${model}) does not hold probabilities: at data row ${bad.row + 1} it gives {${classes}}; ${bad.reason}`,
    fix: "fix the export (a classifier's probabilities lie in [0, 1] and sum to 1 per row), or pass --scores (scores: true in mlci.yml) if the output is an uncalibrated score: only ROC AUC and average precision are then computed from it",
  });
}

/** The core refuses impossible inputs with RangeError (a binary task with three classes): exit 2. */
async function scoring<T>(compute: () => Promise<T>, classes: readonly string[] | undefined): Promise<T> {
  try {
    return await compute();
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
