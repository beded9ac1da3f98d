import { createRequire } from "node:module";
import type ort from "onnxruntime-node";

/**
 * onnxruntime's API, loaded when a command first opens a model. Required, not imported: see
 * engine's duckdb-module.ts (the same cost of Node's ESM scan of a CommonJS package).
 */
export function onnxruntime(): typeof ort {
  if (!loaded) {
    keepOnnxruntimeFromPhoningHome(process.env);
    loaded = createRequire(import.meta.url)("onnxruntime-node") as typeof ort;
  }
  return loaded;
}

let loaded: typeof ort | undefined;

/**
 * onnxruntime 1.29 and later send usage telemetry to Microsoft from Linux and macOS by default: they
 * keep a device id and an event queue under ~/.cache/Microsoft/DeveloperTools, leave mat-debug-PID.log
 * and .ses in the temp directory, and cost about 20 ms of CPU a process. A tool that evaluates a
 * team's models in their CI must not report on them to a third party unasked, so mlci turns it off
 * unless the user has set ORT_DISABLE_TELEMETRY themselves ("0" keeps it on). onnxruntime reads the
 * variable once, when it starts; a set in process.env reaches its getenv (main thread only, which is
 * where models are opened).
 */
function keepOnnxruntimeFromPhoningHome(env: NodeJS.ProcessEnv): void {
  env.ORT_DISABLE_TELEMETRY ||= "1"; // onnxruntime takes an empty value as unset too
}
