import { columnKindOf } from "@mlci/core/column-batch.js";
import type { Problem } from "@mlci/core/problem.js";
import { err, ok, type Result } from "@mlci/core/result.js";
import { formatTensor, type TensorDescription } from "./load-model.js";

export interface ColumnSpec {
  readonly name: string;
  readonly duckdbType: string;
}

/** Element types we can build from columns; other input types are refused with a clear message. */
export const SUPPORTED_INPUT_TYPES = ["float32", "float64", "int64", "int32", "string", "bool"] as const;
export type InputType = (typeof SUPPORTED_INPUT_TYPES)[number];

export interface ColumnInput {
  readonly input: TensorDescription & { readonly type: InputType };
  readonly column: string;
  /** Rank of the input: 1 ([N]) or 2 ([N,1]). */
  readonly rank: 1 | 2;
}

export type InputPlan =
  /** One input per column, matched by name (skl2onnx's column pipelines). */
  | { readonly mode: "columns"; readonly inputs: readonly ColumnInput[] }
  /** One 2-D input [N, features] filled row-major from the listed columns. */
  | {
      readonly mode: "matrix";
      readonly input: TensorDescription & { readonly type: InputType };
      readonly columns: readonly string[];
    };

/** The columns a plan reads, in the order it reads them. */
export function planColumns(plan: InputPlan): string[] {
  return plan.mode === "matrix" ? [...plan.columns] : plan.inputs.map((i) => i.column);
}

/**
 * Decides how the data's columns feed the model's inputs. With `features`, the model must take one
 * 2-D input with that many columns; without, every input must be a column of the same name. When they
 * do not fit, the problem lists every model input with its type and shape and the missing columns, as
 * that is what a user needs to fix either side.
 */
export function planInputs(
  inputs: readonly TensorDescription[],
  columns: readonly ColumnSpec[],
  features?: readonly string[],
): Result<InputPlan, Problem> {
  const byName = new Map(columns.map((c) => [c.name, c]));
  if (features && features.length > 0) return planMatrix(inputs, byName, features);
  const missing = inputs.filter((i) => !byName.has(i.name));
  if (missing.length > 0) return err(mismatch(inputs, byName, missing));
  const planned: ColumnInput[] = [];
  for (const input of inputs) {
    const checked = checkInput(input, byName.get(input.name) as ColumnSpec);
    if (!checked.ok) return checked;
    planned.push(checked.value);
  }
  return ok({ mode: "columns", inputs: planned });
}

function planMatrix(
  inputs: readonly TensorDescription[],
  byName: ReadonlyMap<string, ColumnSpec>,
  features: readonly string[],
): Result<InputPlan, Problem> {
  const [input] = inputs;
  if (inputs.length !== 1 || !input) {
    return err({
      kind: "input",
      message: `--features needs a model with one 2-D input, but this model has ${inputs.length} inputs:\n${listInputs(inputs, byName)}`,
      fix: "drop --features (and features: in mlci.yml) so inputs are matched to columns by name",
    });
  }
  const width = input.shape[1];
  if (input.shape.length !== 2 || (typeof width === "number" && width !== features.length)) {
    return err({
      kind: "input",
      message: `the model input ${input.name} is ${formatTensor(input)}, which does not take ${features.length} features (${features.join(", ")})`,
      fix: "list as many features as the input's second dimension, in the order the model was trained with",
    });
  }
  const missing = features.filter((f) => !byName.has(f));
  if (missing.length > 0) {
    return err({
      kind: "input",
      message: `features not found in the data: ${missing.join(", ")}\n  columns in the data: ${[...byName.keys()].join(", ")}`,
      fix: "correct the feature names (--features or features: in mlci.yml)",
    });
  }
  if (!isSupported(input.type)) return err(unsupportedType(input));
  for (const feature of features) {
    const column = byName.get(feature) as ColumnSpec;
    if (input.type !== "string" && columnKindOf(column.duckdbType) === "string") {
      return err(textIntoNumber(input, column));
    }
  }
  return ok({ mode: "matrix", input: { ...input, type: input.type }, columns: [...features] });
}

function checkInput(input: TensorDescription, column: ColumnSpec): Result<ColumnInput, Problem> {
  if (!isSupported(input.type)) return err(unsupportedType(input));
  const rank = input.shape.length;
  const second = input.shape[1];
  if (rank === 0 || rank > 2 || (rank === 2 && typeof second === "number" && second !== 1)) {
    return err({
      kind: "input",
      message: `the model input ${input.name} is ${formatTensor(input)}; a per-column input must be [N] or [N,1]`,
      fix: "for one input with several columns, list the columns with --features (or features: in mlci.yml)",
    });
  }
  if (input.type !== "string" && columnKindOf(column.duckdbType) === "string")
    return err(textIntoNumber(input, column));
  return ok({ input: { ...input, type: input.type }, column: column.name, rank: rank as 1 | 2 });
}

function mismatch(
  inputs: readonly TensorDescription[],
  byName: ReadonlyMap<string, ColumnSpec>,
  missing: readonly TensorDescription[],
): Problem {
  const single = inputs.length === 1 && inputs[0]?.shape.length === 2 && inputs[0]?.shape[1] !== 1;
  return {
    kind: "input",
    message:
      `the model's inputs do not match the data's columns: ${missing.length} of ${inputs.length} inputs have no column of the same name\n` +
      `${listInputs(inputs, byName)}\n` +
      `  missing columns: ${missing.map((m) => m.name).join(", ")}\n` +
      `  columns in the data: ${[...byName.keys()].join(", ")}`,
    fix: single
      ? "this model takes one matrix input: list its columns in order with --features (or features: in mlci.yml)"
      : "rename the data's columns to the model's input names, or export the model with inputs named after the columns",
  };
}

function listInputs(inputs: readonly TensorDescription[], byName: ReadonlyMap<string, ColumnSpec>): string {
  const width = Math.max(...inputs.map((i) => i.name.length), 4);
  return inputs
    .map((i) => {
      const column = byName.get(i.name);
      const found = column ? `column ${i.name} (${column.duckdbType})` : "MISSING";
      return `  input ${i.name.padEnd(width)}  ${formatTensor(i).padEnd(16)}  ${found}`;
    })
    .join("\n");
}

function isSupported(type: string): type is InputType {
  return (SUPPORTED_INPUT_TYPES as readonly string[]).includes(type);
}

function unsupportedType(input: TensorDescription): Problem {
  return {
    kind: "input",
    message: `the model input ${input.name} is ${formatTensor(input)}; mlci feeds ${SUPPORTED_INPUT_TYPES.join(", ")} inputs`,
    fix: "export the model with inputs of one of these element types",
  };
}

function textIntoNumber(input: TensorDescription, column: ColumnSpec): Problem {
  return {
    kind: "input",
    message: `the model input ${input.name} is ${formatTensor(input)} but column ${column.name} is ${column.duckdbType} (text)`,
    fix: `cast ${column.name} to a number in the data, or encode it inside the model`,
  };
}
