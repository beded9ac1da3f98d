/**
 * Builds evaluation.json from the parts an evaluation produced, checking the configured gates.
 */
import type { Comparison } from "../compare/bootstrap.js";
import type { GatesConfig } from "../config/gates-section.js";
import { evaluateGates } from "../gates/evaluate-gates.js";
import type { Task } from "../metrics/names.js";
import { EVALUATION_SCHEMA_ID } from "./evaluation-format.js";
import { compareLatency } from "./latency.js";
import type { Evaluation, ModelEvaluation, SliceResult, SliceTests } from "./types.js";

export interface EvaluationParts {
  readonly name: string;
  readonly task: Task;
  readonly data: { readonly path: string; readonly rows: number };
  readonly target: string;
  readonly head: ModelEvaluation;
  readonly baseline?: ModelEvaluation | null;
  readonly comparison?: Comparison;
  readonly slices?: readonly SliceResult[];
  readonly sliceTests?: SliceTests | null;
  readonly gates?: GatesConfig;
  /** Peak resident memory of the evaluating process. */
  readonly peakMemoryBytes?: number;
}

export function assembleEvaluation(parts: EvaluationParts): Evaluation {
  const baseline = parts.baseline ?? null;
  const gates = evaluateGates(parts.gates, {
    head: parts.head,
    baseline,
    ...(parts.comparison ? { comparison: parts.comparison } : {}),
  });
  const headLatency = parts.head.cost?.latency_ms;
  const baselineLatency = baseline?.cost?.latency_ms;
  const latency = headLatency && baselineLatency ? compareLatency(headLatency, baselineLatency) : null;
  return {
    schema: EVALUATION_SCHEMA_ID,
    name: parts.name,
    task: parts.task,
    data: parts.data,
    target: parts.target,
    head: parts.head,
    baseline,
    ...(parts.comparison ? { comparison: parts.comparison } : {}),
    ...(latency ? { latency_comparison: latency } : {}),
    ...(parts.peakMemoryBytes !== undefined ? { peak_memory_bytes: parts.peakMemoryBytes } : {}),
    slices: parts.slices ?? [],
    ...(parts.sliceTests ? { slice_tests: parts.sliceTests } : {}),
    gates,
    passed: gates.every((g) => g.passed),
  };
}
