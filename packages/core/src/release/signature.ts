import * as z from "zod/mini";
import "../zod-messages.js";

/**
 * What a caller of the model relies on: the names, element types and shapes of its inputs and outputs,
 * and for a model fed one 2-D tensor, the order of the feature columns in it. A change here breaks
 * callers, so `auto` makes it a major version.
 */
export const tensorSignatureSchema = z.strictObject({
  name: z.string(),
  /** ONNX element type as onnxruntime names it (float32, int64, string, ...), or "non-tensor" (ZipMap). */
  type: z.string(),
  /** Dimensions: numbers, or names for symbolic dimensions (batch); null when unknown. */
  shape: z.nullable(z.array(z.union([z.number(), z.string()]))),
});
export type TensorSignature = z.infer<typeof tensorSignatureSchema>;

export const modelSignatureSchema = z.strictObject({
  inputs: z.array(tensorSignatureSchema),
  outputs: z.array(tensorSignatureSchema),
  /** `models.<name>.features` from mlci.yml: the column order inside a single input tensor. */
  features: z.optional(z.array(z.string())),
});
export type ModelSignature = z.infer<typeof modelSignatureSchema>;

/** Human-readable differences between two signatures; empty when callers see no change. */
export function diffSignatures(before: ModelSignature, after: ModelSignature): string[] {
  const changes = [
    ...diffTensors("input", before.inputs, after.inputs),
    ...diffTensors("output", before.outputs, after.outputs),
  ];
  const was = before.features?.join(", ");
  const now = after.features?.join(", ");
  if (was !== now) changes.push(`feature columns changed: [${was ?? "by name"}] -> [${now ?? "by name"}]`);
  return changes;
}

function diffTensors(kind: string, before: readonly TensorSignature[], after: readonly TensorSignature[]): string[] {
  const changes: string[] = [];
  const afterByName = new Map(after.map((t) => [t.name, t]));
  const beforeNames = new Set(before.map((t) => t.name));
  for (const old of before) {
    const now = afterByName.get(old.name);
    if (!now) {
      changes.push(`${kind} "${old.name}" removed`);
      continue;
    }
    if (old.type !== now.type) changes.push(`${kind} "${old.name}" type ${old.type} -> ${now.type}`);
    if (formatShape(old.shape) !== formatShape(now.shape)) {
      changes.push(`${kind} "${old.name}" shape ${formatShape(old.shape)} -> ${formatShape(now.shape)}`);
    }
  }
  for (const now of after) if (!beforeNames.has(now.name)) changes.push(`${kind} "${now.name}" added`);
  return changes;
}

export function formatShape(shape: TensorSignature["shape"]): string {
  return shape === null ? "?" : `[${shape.join(", ")}]`;
}
