import type { Comparison, MlciConfig } from "@mlci/core";
import { compareSides } from "./compare.js";
import type { EvaluationRun, ModelCost, ModelSource } from "./run-evaluation.js";
import { type SideScores, scoreSide } from "./score.js";
import type { EvaluateSettings } from "./settings.js";

export interface EvaluationSide extends SideScores {
  readonly model: ModelSource;
  readonly cost?: ModelCost;
}

export interface Evaluation {
  readonly schema: "mlci/evaluation@1";
  readonly name: string;
  readonly task: EvaluationRun["task"];
  readonly data: { readonly path: string; readonly rows: number };
  readonly target: string;
  readonly head: EvaluationSide;
  readonly baseline: EvaluationSide | null;
  readonly comparison?: Comparison;
  readonly slices: readonly unknown[];
  readonly gates: readonly { readonly passed: boolean }[];
  readonly passed: boolean;
}

/** evaluation.json from one run. */
export function buildEvaluation(
  run: EvaluationRun,
  settings: EvaluateSettings,
  _config: MlciConfig | undefined,
): Evaluation {
  const side = (info: EvaluationRun["head"], predictions: EvaluationRun["collected"]["head"]): EvaluationSide => ({
    model: info.source,
    ...scoreSide(run.collected, predictions),
    ...(info.cost ? { cost: info.cost } : {}),
  });
  const gates: { passed: boolean }[] = [];
  const comparison = compareSides(run.collected, settings);
  return {
    schema: "mlci/evaluation@1",
    name: settings.name,
    task: run.task,
    data: { path: run.dataPath, rows: run.collected.rows },
    target: settings.target,
    head: side(run.head, run.collected.head),
    baseline: run.baseline && run.collected.baseline ? side(run.baseline, run.collected.baseline) : null,
    ...(comparison ? { comparison } : {}),
    slices: [],
    gates,
    passed: gates.every((g) => g.passed),
  };
}
