import assert from "node:assert/strict";
import { test } from "node:test";
import { ProblemError } from "@mlci/core/problem.js";
import { evaluateAdapter } from "./evaluate-adapter.js";

test("inputs become flags, slices and args one per line, never split by a shell", () => {
  const argv = evaluateAdapter.argv({
    INPUT_MODEL: "models/new model.onnx",
    INPUT_DATA: "data/test.parquet",
    INPUT_TARGET: "delayed",
    INPUT_BASELINE: "",
    INPUT_SLICES: "origin\n\n weekend \n",
    INPUT_ARGS: "--resamples\n2000",
  });
  assert.deepEqual(argv, [
    "evaluate",
    "--model",
    "models/new model.onnx",
    "--data",
    "data/test.parquet",
    "--target",
    "delayed",
    "--slice",
    "origin",
    "--slice",
    "weekend",
    "--out",
    ".mlci-out/evaluation.json",
    "--no-progress",
    "--resamples",
    "2000",
  ]);
});

test("fail-on accepts gate, never and validate's error/warn; anything else is a usage error", () => {
  for (const value of ["gate", "never", "error", "warn"]) evaluateAdapter.argv({ INPUT_FAIL_ON: value });
  assert.throws(
    () => evaluateAdapter.argv({ INPUT_FAIL_ON: "sometimes" }),
    (error: unknown) => error instanceof ProblemError && /expected one of gate, never/.test(error.message),
  );
});
