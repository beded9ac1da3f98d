import type { ModelSignature, TensorSignature } from "@mlci/core/release/signature.js";
import type { InferenceSession } from "onnxruntime-node";
import { onnxruntime } from "./onnxruntime-module.js";

/**
 * The input/output signature of an ONNX model as onnxruntime reads it. `mlci release --version auto`
 * compares it with the previous version's: any difference in names, element types or shapes is a
 * major version. Returns undefined for a file onnxruntime cannot load (a model released from a
 * predictions file, or another format): the release then goes on without a signature.
 */
export async function readOnnxSignature(
  path: string,
  features?: readonly string[],
): Promise<ModelSignature | undefined> {
  let session: InferenceSession;
  try {
    session = await onnxruntime().InferenceSession.create(path);
  } catch {
    return undefined; // not ONNX (or not loadable here): versioning falls back to metrics
  }
  try {
    return {
      inputs: session.inputMetadata.map(describe),
      outputs: session.outputMetadata.map(describe),
      ...(features ? { features: [...features] } : {}),
    };
  } finally {
    await session.release();
  }
}

function describe(meta: InferenceSession.ValueMetadata): TensorSignature {
  if (!meta.isTensor) return { name: meta.name, type: "non-tensor", shape: null };
  return { name: meta.name, type: meta.type, shape: meta.shape.length > 0 ? [...meta.shape] : null };
}
