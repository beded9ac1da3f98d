import type { CollectedRows } from "@mlci/core/collect/collected.js";
import { PredictionCollector } from "@mlci/core/collect/collector.js";
import { type ColumnBatch, sliceBatch } from "@mlci/core/column-batch.js";
import { loadStudentT } from "@mlci/core/compare/student-t.js";
import type { ModelCost, ModelSource } from "@mlci/core/evaluation/types.js";
import type { Task } from "@mlci/core/metrics/names.js";
import { ProblemError } from "@mlci/core/problem.js";
import { countRows, streamColumnBatches } from "@mlci/engine/column-batches.js";
import { type DataSource, openDataSource } from "@mlci/engine/data-source.js";
import { measureLatencyRounds } from "@mlci/model/cost.js";
import { planColumns } from "@mlci/model/input-plan.js";
import { inferTask, loadForRole, type PreparedModel, prepareModel } from "@mlci/model/prepare-model.js";
import type { Io } from "../program.js";
import {
  findPredictionColumns,
  type PredictionColumns,
  predictionColumnNames,
  readPredictionBatch,
} from "./predictions-file.js";
import { createProgress, noProgress, type Progress } from "./progress.js";
import type { EvaluateSettings } from "./settings.js";

/** Rows kept from the first batch to time single-row latency on. */
const LATENCY_SAMPLE_ROWS = 100;

export interface RunSide {
  readonly source: ModelSource;
  readonly cost?: ModelCost;
  /** The output (or predictions column) the probabilities came from, named in error messages. */
  readonly probabilityOutput?: string;
}

export interface EvaluationRun {
  readonly task: Task;
  readonly dataPath: string;
  readonly collected: CollectedRows;
  readonly head: RunSide;
  readonly baseline?: RunSide;
}

/** Runs the head (and baseline) model over the data in one pass and gathers everything metrics need. */
export async function runEvaluation(settings: EvaluateSettings, io: Io, isTty: boolean): Promise<EvaluationRun> {
  const source = await open(settings.predictionsPath ?? (settings.dataPath as string));
  try {
    return settings.predictionsPath
      ? await runPredictions(settings, source, await progressFor(settings, io, isTty, source))
      : await runModels(settings, source, io, isTty);
  } finally {
    source.close();
  }
}

async function open(path: string): Promise<DataSource> {
  const opened = await openDataSource(path);
  if (!opened.ok) throw new ProblemError(opened.error);
  return opened.value;
}

async function runModels(
  settings: EvaluateSettings,
  source: DataSource,
  io: Io,
  isTty: boolean,
): Promise<EvaluationRun> {
  const headModel = await loadForRole(settings.modelPath as string, "head");
  const task = settings.task ?? inferTask(headModel);
  if (!task) {
    await headModel.close();
    throw new ProblemError({
      kind: "usage",
      message: `cannot tell the task from the outputs of ${settings.modelPath}`,
      fix: "pass --task binary|multiclass|regression (or task: in mlci.yml)",
    });
  }
  const head = await prepareModel(headModel, "head", source.columns, settings.features, task).catch(async (error) => {
    await headModel.close();
    throw error;
  });
  const baseline = settings.baselinePath
    ? await prepareModel(settings.baselinePath, "baseline", source.columns, settings.features, task)
    : undefined;
  try {
    const modelColumns = [...planColumns(head.inputs), ...(baseline ? planColumns(baseline.inputs) : [])];
    const columns = requireColumns(source, settings, modelColumns);
    const collector = new PredictionCollector(
      task,
      settings.target,
      settings.slices,
      head.outputs.classes,
      baseline?.outputs.classes,
    );
    const progress = await progressFor(settings, io, isTty, source);
    // This thread mostly waits while DuckDB reads and onnxruntime runs (on their own threads): the
    // comparison's p-values load their incomplete beta function (a tenth of a second) meanwhile.
    if (baseline && settings.resamples > 0) setImmediate(loadStudentT);
    let sample: ColumnBatch | undefined;
    await stream(
      source,
      columns,
      progress,
      async (batch) => {
        sample ??= sliceBatch(batch, 0, Math.min(batch.rows, LATENCY_SAMPLE_ROWS));
        // One after the other, not concurrently: each model's inference time (its throughput) is its own.
        const headPredictions = await head.predictor.predict(batch);
        const baselinePredictions = await baseline?.predictor.predict(batch);
        collector.add(batch, headPredictions, baselinePredictions);
        // Nothing keeps the batch: the models read it into tensors, the collector copies, sample is a copy.
      },
      { reuse: true },
    );
    const collected = collector.finish();
    if (collected.rows === 0) throw new ProblemError(noRows(source.path));
    const [headCost, baselineCost] = settings.cost && sample ? await measureCosts([head, baseline], sample) : [];
    return {
      task,
      dataPath: source.path,
      collected,
      head: { ...modelSide(head), ...(headCost ? { cost: headCost } : {}) },
      ...(baseline ? { baseline: { ...modelSide(baseline), ...(baselineCost ? { cost: baselineCost } : {}) } } : {}),
    };
  } finally {
    await head.model.close();
    await baseline?.model.close();
  }
}

async function runPredictions(
  settings: EvaluateSettings,
  source: DataSource,
  progress: Progress,
): Promise<EvaluationRun> {
  const task = settings.task;
  if (!task) {
    throw new ProblemError({ kind: "usage", message: "predictions mode needs --task binary|multiclass|regression" });
  }
  const head = findPredictionColumns(source.columns, task, "");
  if (!head) {
    throw new ProblemError({
      kind: "input",
      message: `${source.path} has no prediction columns for a ${task} task (columns: ${source.columns.map((c) => c.name).join(", ")})`,
      fix:
        task === "regression"
          ? "name the predicted value column `prediction`"
          : "name the predicted label column `prediction` and/or the class probabilities `probability_<class>` (binary: `probability`)",
    });
  }
  const baseline = findPredictionColumns(source.columns, task, "baseline_");
  const columns = requireColumns(source, settings, [
    ...predictionColumnNames(head),
    ...(baseline ? predictionColumnNames(baseline) : []),
  ]);
  const collector = new PredictionCollector(task, settings.target, settings.slices, head.classes, baseline?.classes);
  await stream(
    source,
    columns,
    progress,
    async (batch) => {
      collector.add(
        batch,
        readPredictionBatch(batch, head, task),
        baseline ? readPredictionBatch(batch, baseline, task) : undefined,
      );
      // A regression's predictions are the batch's own column, kept by the collector: fresh arrays.
    },
    { reuse: false },
  );
  const collected = collector.finish();
  if (collected.rows === 0) throw new ProblemError(noRows(source.path));
  return {
    task,
    dataPath: source.path,
    collected,
    head: predictionsSide(source.path, head),
    ...(baseline ? { baseline: predictionsSide(source.path, baseline) } : {}),
  };
}

/** The columns the run reads (each once), after checking that the target and slices exist. */
function requireColumns(source: DataSource, settings: EvaluateSettings, modelColumns: readonly string[]): string[] {
  const present = new Set(source.columns.map((c) => c.name));
  const missing = [settings.target, ...settings.slices].filter((c) => !present.has(c));
  if (missing.length > 0) {
    throw new ProblemError({
      kind: "input",
      message: `column${missing.length > 1 ? "s" : ""} not found in ${source.path}: ${missing.join(", ")} (columns: ${[...present].join(", ")})`,
      fix: "check --target and --slice (or target:/slices: in mlci.yml)",
    });
  }
  return [...new Set([...modelColumns, settings.target, ...settings.slices])];
}

async function stream(
  source: DataSource,
  columns: readonly string[],
  progress: Progress,
  onBatch: (batch: ColumnBatch) => Promise<void>,
  options: { reuse: boolean },
): Promise<void> {
  try {
    for await (const batch of streamColumnBatches(source, columns, options)) {
      await onBatch(batch);
      progress.advance(batch.rows);
    }
  } finally {
    progress.done();
  }
}

async function progressFor(settings: EvaluateSettings, io: Io, isTty: boolean, source: DataSource): Promise<Progress> {
  if (!settings.progress || !isTty) return noProgress;
  // The total costs a count query (free for Parquet, a scan for CSV); worth it for a bar with an end.
  const total = await countRows(source).catch(() => undefined);
  return createProgress(io, total, "evaluating");
}

/** Latency of both models in alternating rounds (so load on the machine hits both), size, throughput. */
async function measureCosts(
  models: readonly (PreparedModel | undefined)[],
  sample: ColumnBatch,
): Promise<(ModelCost | undefined)[]> {
  const present = models.filter((m): m is PreparedModel => m !== undefined);
  const latencies = await measureLatencyRounds(
    present.map((m) => ({ model: m.model, plan: m.inputs })),
    sample,
  );
  return models.map((m) => {
    if (!m) return undefined;
    const latency = latencies[present.indexOf(m)] as (typeof latencies)[number];
    const { inferenceMs, rows } = m.predictor;
    return {
      size_bytes: m.model.file.sizeBytes,
      latency_ms: latency,
      throughput_rows_per_s: inferenceMs > 0 ? rows / (inferenceMs / 1000) : 0,
    };
  });
}

function modelSide(prepared: PreparedModel): RunSide {
  const { path, sha256, sizeBytes } = prepared.model.file;
  const output = prepared.outputs.probability ?? prepared.outputs.score;
  return { source: { path, sha256, size_bytes: sizeBytes }, ...(output ? { probabilityOutput: output } : {}) };
}

function predictionsSide(path: string, columns: PredictionColumns): RunSide {
  const names = columns.probabilities?.map((p) => p.column).join(", ") ?? columns.score;
  return { source: { predictions: path }, ...(names ? { probabilityOutput: names } : {}) };
}

function noRows(path: string) {
  return { kind: "input" as const, message: `${path} has no rows to evaluate`, fix: "evaluate on a non-empty dataset" };
}
