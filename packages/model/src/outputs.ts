import type { Task } from "@mlci/core/metrics/names.js";
import type { Problem } from "@mlci/core/problem.js";
import { err, ok, type Result } from "@mlci/core/result.js";
import { formatTensor, type TensorDescription } from "./load-model.js";

/** Which outputs carry what; names are the model's output names. */
export interface OutputPlan {
  /** Predicted class per row: int64/int32/string [N] or [N,1]. */
  readonly label?: string;
  /** Class probabilities [N, classes] (a ZipMap output after its rewrite). */
  readonly probability?: string;
  /** One number per row, [N] or [N,1]: the regression prediction, or a binary classifier's P(positive). */
  readonly score?: string;
  /** Class labels in the order of the probability columns ("0".."C-1" when the graph does not say). */
  readonly classes?: readonly string[];
}

const FLOAT_TYPES = new Set(["float32", "float64", "float16"]);
const LABEL_TYPES = new Set(["int64", "int32", "string", "bool"]);

function isColumn(t: TensorDescription): boolean {
  return t.shape.length === 1 || (t.shape.length === 2 && t.shape[1] === 1);
}

/**
 * Picks the outputs evaluation reads, by type and shape (names differ between exporters): a float
 * matrix is class probabilities, an integer or string column is the label, a float column is a score
 * or the regression prediction.
 */
export function planOutputs(
  outputs: readonly TensorDescription[],
  task: Task,
  classLabels: readonly string[] | undefined,
  zipmapOutputs: readonly string[] = [],
): Result<OutputPlan, Problem> {
  const floatColumn = outputs.find((o) => FLOAT_TYPES.has(o.type) && isColumn(o));
  if (task === "regression") {
    if (floatColumn) return ok({ score: floatColumn.name });
    return err(noUsableOutput(outputs, task, "a float output of shape [N] or [N,1]"));
  }
  const probability = outputs.find(
    (o) => FLOAT_TYPES.has(o.type) && ((o.shape.length === 2 && o.shape[1] !== 1) || zipmapOutputs.includes(o.name)),
  );
  const label = outputs.find((o) => LABEL_TYPES.has(o.type) && isColumn(o));
  const score = task === "binary" && !probability ? floatColumn : undefined;
  if (!probability && !label && !score) {
    return err(
      noUsableOutput(
        outputs,
        task,
        "class probabilities [N,classes], a label [N] or (binary) a probability of the positive class [N,1]",
      ),
    );
  }
  const width = probability?.shape[1];
  let classes = classLabels;
  if (typeof width === "number" && classes && classes.length !== width) classes = undefined;
  if (!classes && typeof width === "number") classes = Array.from({ length: width }, (_, i) => String(i));
  if (!classes && score) classes = ["0", "1"];
  return ok({
    ...(label ? { label: label.name } : {}),
    ...(probability ? { probability: probability.name } : {}),
    ...(score ? { score: score.name } : {}),
    ...(classes ? { classes } : {}),
  });
}

function noUsableOutput(outputs: readonly TensorDescription[], task: Task, wanted: string): Problem {
  const list = outputs.map((o) => `  output ${o.name}  ${o.type === "non-tensor" ? "non-tensor" : formatTensor(o)}`);
  return {
    kind: "input",
    message: `no output of this model fits a ${task} task; it needs ${wanted}, and has:\n${list.join("\n")}`,
    fix: "check --task (or task: in mlci.yml), or export the model with such an output",
  };
}
