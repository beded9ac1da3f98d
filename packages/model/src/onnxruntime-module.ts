import { createRequire } from "node:module";
import type ort from "onnxruntime-node";

/**
 * onnxruntime's API, loaded when a command first opens a model. Required, not imported: see
 * engine's duckdb-module.ts (the same cost of Node's ESM scan of a CommonJS package).
 */
export function onnxruntime(): typeof ort {
  loaded ??= createRequire(import.meta.url)("onnxruntime-node") as typeof ort;
  return loaded;
}

let loaded: typeof ort | undefined;
