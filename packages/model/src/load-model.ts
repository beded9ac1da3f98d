import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Problem } from "@mlci/core/problem.js";
import { err, ok, type Result } from "@mlci/core/result.js";
import type ort from "onnxruntime-node";
import { readClassLabels, removeZipMaps } from "./onnx-graph.js";
import { onnxruntime } from "./onnxruntime-module.js";

/** A dimension: a number, or the name of a symbolic dimension ("N", "batch"; "" when unnamed). */
export type Dimension = number | string;

export interface TensorDescription {
  readonly name: string;
  /** onnxruntime's element type: float32, float64, int64, int32, string, bool, ...; "non-tensor" otherwise. */
  readonly type: string;
  readonly shape: readonly Dimension[];
}

export interface ModelFile {
  readonly path: string;
  readonly sha256: string;
  readonly sizeBytes: number;
}

export interface LoadedModel {
  readonly file: ModelFile;
  readonly session: ort.InferenceSession;
  readonly inputs: readonly TensorDescription[];
  readonly outputs: readonly TensorDescription[];
  /** Class labels in the order of the probability columns, when the graph says them. */
  readonly classLabels: readonly string[] | undefined;
  /** Outputs that were ZipMaps (sequence of maps) and now return the probability tensor. */
  readonly zipmapOutputs: readonly string[];
  close(): Promise<void>;
}

/**
 * Loads an ONNX model into onnxruntime-node. The file is read once: its bytes give the size and
 * sha256 (the identity of the model in evaluation.json and lineage), then the session is created from
 * the same bytes, after ZipMap outputs are rewritten into plain tensors.
 */
export async function loadModel(path: string): Promise<Result<LoadedModel, Problem>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return err({
      kind: "input",
      message: code === "ENOENT" ? `model file not found: ${path}` : `cannot read model ${path}: ${String(error)}`,
      fix: "check the --model/--baseline path (relative paths are relative to the working directory)",
    });
  }
  const file: ModelFile = { path, sha256: createHash("sha256").update(bytes).digest("hex"), sizeBytes: bytes.length };
  let graphBytes = bytes;
  let zipmapOutputs: readonly string[] = [];
  let classLabels: string[] | undefined;
  try {
    const rewrite = removeZipMaps(bytes);
    if (rewrite) {
      graphBytes = rewrite.bytes;
      zipmapOutputs = rewrite.outputs;
    }
    classLabels = readClassLabels(bytes);
  } catch (error) {
    return err(notOnnx(path, error));
  }
  let session: ort.InferenceSession;
  try {
    session = await onnxruntime().InferenceSession.create(graphBytes, { graphOptimizationLevel: "all" });
  } catch (error) {
    return err(notOnnx(path, error));
  }
  return ok({
    file,
    session,
    inputs: session.inputMetadata.map(describe),
    outputs: session.outputMetadata.map(describe),
    classLabels,
    zipmapOutputs,
    close: () => session.release(),
  });
}

function describe(metadata: ort.InferenceSession.ValueMetadata): TensorDescription {
  if (!metadata.isTensor) return { name: metadata.name, type: "non-tensor", shape: [] };
  return { name: metadata.name, type: metadata.type, shape: metadata.shape.map((d) => d) };
}

function notOnnx(path: string, error: unknown): Problem {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    kind: "input",
    message: `${path} is not an ONNX model onnxruntime can load: ${reason}`,
    fix: "export the model to ONNX (e.g. skl2onnx, torch.onnx) or evaluate its predictions with --predictions",
  };
}

/** "float32 [N,1]": how a tensor is shown to users. Unnamed symbolic dimensions print as N. */
export function formatTensor(tensor: TensorDescription): string {
  return `${tensor.type} [${tensor.shape.map((d) => (d === "" ? "N" : String(d))).join(",")}]`;
}
