import { stat } from "node:fs/promises";
import type { Problem } from "@mlci/core/problem.js";
import { err, ok, type Result } from "@mlci/core/result.js";
import { onnxruntime } from "./onnxruntime-module.js";

export interface OnnxModelSummary {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly sizeBytes: number;
}

/**
 * Checks that `path` is an ONNX model onnxruntime can load (the same runtime `mlci evaluate` uses),
 * so a training run that wrote nothing, or wrote something else, fails where it happened.
 */
export async function checkOnnxModel(path: string, shownPath = path): Promise<Result<OnnxModelSummary, Problem>> {
  let sizeBytes: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return err(missing(shownPath, "is not a file"));
    sizeBytes = info.size;
  } catch {
    return err(missing(shownPath, "does not exist"));
  }
  if (sizeBytes === 0) return err(notLoadable(shownPath, "the file is empty"));
  try {
    const session = await onnxruntime().InferenceSession.create(path);
    const summary = { inputNames: [...session.inputNames], outputNames: [...session.outputNames], sizeBytes };
    await session.release();
    return ok(summary);
  } catch (error) {
    return err(notLoadable(shownPath, error instanceof Error ? firstLine(error.message) : String(error)));
  }
}

function missing(path: string, what: string): Problem {
  return {
    kind: "input",
    message: `model file ${path} ${what} after training`,
    fix: "make the training command write the model to the path in mlci.yml (models.<name>.path), or correct that path",
  };
}

function notLoadable(path: string, reason: string): Problem {
  return {
    kind: "input",
    message: `model file ${path} is not a loadable ONNX model: ${reason}`,
    fix: "export the model to ONNX (skl2onnx, torch.onnx.export, tf2onnx, onnxmltools) and check its opset is supported by onnxruntime",
  };
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}
