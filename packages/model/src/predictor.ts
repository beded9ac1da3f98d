import type { ColumnBatch } from "@mlci/core/column-batch.js";
import { ProblemError } from "@mlci/core/problem.js";
import type ort from "onnxruntime-node";
import type { InputPlan } from "./input-plan.js";
import { type EncodedLabels, encodeLabels } from "./labels.js";
import type { LoadedModel } from "./load-model.js";
import type { OutputPlan } from "./outputs.js";
import { buildFeeds } from "./tensors.js";

/** A model's answers for one batch of rows. */
export interface PredictionBatch {
  readonly rows: number;
  /** Predicted class per row ("1", "late"): the argmax of the probabilities when the model gives no label. */
  readonly labels?: EncodedLabels;
  /** Row-major rows x classes.length. */
  readonly probabilities?: Float64Array;
  /** The regression prediction, or a binary classifier's probability of the positive class. */
  readonly values?: Float64Array;
}

export interface Predictor {
  readonly classes: readonly string[] | undefined;
  predict(batch: ColumnBatch): Promise<PredictionBatch>;
  /** Time spent inside session.run so far, for the throughput figure. */
  readonly inferenceMs: number;
  readonly rows: number;
}

export function createPredictor(model: LoadedModel, inputs: InputPlan, outputs: OutputPlan): Predictor {
  const fetches = [outputs.label, outputs.probability, outputs.score].filter((n): n is string => n !== undefined);
  let inferenceMs = 0;
  let rows = 0;
  return {
    classes: outputs.classes,
    get inferenceMs() {
      return inferenceMs;
    },
    get rows() {
      return rows;
    },
    async predict(batch) {
      const feeds = buildFeeds(inputs, batch);
      const started = performance.now();
      let result: ort.InferenceSession.ReturnType;
      try {
        result = await model.session.run(feeds, fetches);
      } catch (error) {
        throw new ProblemError({
          kind: "input",
          message: `${model.file.path} failed on data rows ${batch.offset + 1}-${batch.offset + batch.rows}: ${error instanceof Error ? error.message : String(error)}`,
          fix: "check that the data's columns have the types and value ranges the model was trained on",
        });
      }
      inferenceMs += performance.now() - started;
      rows += batch.rows;
      return readOutputs(result, outputs, batch.rows);
    },
  };
}

function readOutputs(result: ort.InferenceSession.ReturnType, plan: OutputPlan, rows: number): PredictionBatch {
  const probabilities = plan.probability ? toFloat64(result[plan.probability]) : undefined;
  const values = plan.score ? toFloat64(result[plan.score]) : undefined;
  let labels: EncodedLabels | undefined;
  if (plan.label) labels = encodeLabels(tensorData(result[plan.label]));
  else if (probabilities && plan.classes) labels = argmaxLabels(probabilities, plan.classes, rows);
  else if (values && plan.classes) labels = thresholdLabels(values, plan.classes);
  return {
    rows,
    ...(labels ? { labels } : {}),
    ...(probabilities ? { probabilities } : {}),
    ...(values ? { values } : {}),
  };
}

function toFloat64(tensor: ort.Tensor | undefined): Float64Array {
  if (!tensor) throw new Error("a fetched output is missing from the session result");
  const data = tensor.data;
  if (data instanceof Float64Array) return data;
  // The usual float32 output converts in native code; Float64Array.from would iterate it in JavaScript.
  if (data instanceof Float32Array) return new Float64Array(data);
  return Float64Array.from(data as ArrayLike<number>);
}

function tensorData(tensor: ort.Tensor | undefined): ArrayLike<unknown> {
  if (!tensor) throw new Error("a fetched output is missing from the session result");
  return tensor.data as ArrayLike<unknown>;
}

/** A binary score's label: the second class at 0.5 or above (scikit-learn's predict on predict_proba). */
function thresholdLabels(values: Float64Array, classes: readonly string[]): EncodedLabels {
  return { names: classes.slice(0, 2), codes: Int32Array.from(values, (p) => (p >= 0.5 ? 1 : 0)) };
}

/** The first class with the highest probability (NumPy's argmax). */
export function argmaxLabels(probabilities: Float64Array, classes: readonly string[], rows: number): EncodedLabels {
  const width = classes.length;
  const codes = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < width; c++) {
      if ((probabilities[r * width + c] as number) > (probabilities[r * width + best] as number)) best = c;
    }
    codes[r] = best;
  }
  return { names: classes, codes };
}
