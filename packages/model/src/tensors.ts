import type { ColumnBatch, ColumnValues } from "@mlci/core/column-batch.js";
import { ProblemError } from "@mlci/core/problem.js";
import type ort from "onnxruntime-node";
import type { InputPlan, InputType } from "./input-plan.js";
import { onnxruntime } from "./onnxruntime-module.js";

type TensorData = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array | string[];

/** The feeds of one session.run for a batch, built as the plan says. */
export function buildFeeds(plan: InputPlan, batch: ColumnBatch): Record<string, ort.Tensor> {
  if (plan.mode === "matrix") {
    const columns = plan.columns.map((name) => columnOf(batch, name));
    const data = allocate(plan.input.type, batch.rows * columns.length);
    columns.forEach((column, j) => {
      fill(data, column, plan.input.type, j, columns.length, plan.columns[j] as string, batch.offset);
    });
    return {
      [plan.input.name]: new (onnxruntime().Tensor)(tensorType(plan.input.type), data, [batch.rows, columns.length]),
    };
  }
  const feeds: Record<string, ort.Tensor> = {};
  for (const { input, column, rank } of plan.inputs) {
    const data = allocate(input.type, batch.rows);
    fill(data, columnOf(batch, column), input.type, 0, 1, column, batch.offset);
    feeds[input.name] = new (onnxruntime().Tensor)(
      tensorType(input.type),
      data,
      rank === 1 ? [batch.rows] : [batch.rows, 1],
    );
  }
  return feeds;
}

function columnOf(batch: ColumnBatch, name: string): ColumnValues {
  const column = batch.columns.get(name);
  if (!column) throw new Error(`batch has no column ${name}`); // a bug: the stream reads the plan's columns
  return column;
}

function tensorType(type: InputType): ort.Tensor.Type {
  return type;
}

function allocate(type: InputType, length: number): TensorData {
  switch (type) {
    case "float32":
      return new Float32Array(length);
    case "float64":
      return new Float64Array(length);
    case "int64":
      return new BigInt64Array(length);
    case "int32":
      return new Int32Array(length);
    case "bool":
      return new Uint8Array(length);
    case "string":
      return new Array<string>(length);
  }
}

/**
 * Writes one column into a tensor buffer at positions start, start+stride, ... Missing values become
 * NaN in float inputs (the convention of scikit-learn imputers); an integer, boolean or string input
 * cannot hold one, so it is an error naming the column and row.
 */
function fill(
  data: TensorData,
  column: ColumnValues,
  type: InputType,
  start: number,
  stride: number,
  name: string,
  offset: number,
): void {
  const n = column.values.length;
  if (column.kind === "string") {
    if (type !== "string") throw new Error(`text column ${name} planned into ${type}`); // planInputs refuses this
    const out = data as string[];
    for (let i = 0; i < n; i++) {
      const value = column.values[i];
      if (value === null || value === undefined) throw missingValue(name, type, offset + i);
      out[start + i * stride] = value;
    }
    return;
  }
  const values = column.values;
  switch (type) {
    case "float32":
    case "float64": {
      const out = data as Float32Array | Float64Array;
      for (let i = 0; i < n; i++) out[start + i * stride] = values[i] as number;
      return;
    }
    case "int64": {
      const out = data as BigInt64Array;
      for (let i = 0; i < n; i++) {
        const v = values[i] as number;
        if (!Number.isFinite(v)) throw missingValue(name, type, offset + i);
        out[start + i * stride] = BigInt(Math.trunc(v));
      }
      return;
    }
    case "int32": {
      const out = data as Int32Array;
      for (let i = 0; i < n; i++) {
        const v = values[i] as number;
        if (!Number.isFinite(v)) throw missingValue(name, type, offset + i);
        out[start + i * stride] = v;
      }
      return;
    }
    case "bool": {
      const out = data as Uint8Array;
      for (let i = 0; i < n; i++) {
        const v = values[i] as number;
        if (Number.isNaN(v)) throw missingValue(name, type, offset + i);
        out[start + i * stride] = v === 0 ? 0 : 1;
      }
      return;
    }
    case "string": {
      const out = data as string[];
      for (let i = 0; i < n; i++) {
        const v = values[i] as number;
        if (Number.isNaN(v)) throw missingValue(name, type, offset + i);
        out[start + i * stride] = String(v);
      }
      return;
    }
  }
}

function missingValue(column: string, type: InputType, row: number): ProblemError {
  return new ProblemError({
    kind: "input",
    message: `column ${column} has a missing value at data row ${row + 1}, which a ${type} model input cannot hold`,
    fix: `fill or drop missing ${column} values before evaluating, or impute them inside the model`,
  });
}
