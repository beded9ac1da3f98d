import assert from "node:assert/strict";
import { test } from "node:test";
import { ProblemError } from "@mlci/core/problem.js";
import { baselineCacheKey, evaluateAdapter } from "./evaluate-adapter.js";

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

test("the baseline cache key is the resolved release and its model's digest; none for a baseline file", () => {
  const sha = "b".repeat(64);
  const model = { path: ".mlci/cache/models/delay/1.2.0/delay.onnx", sha256: sha, size_bytes: 10 };
  const release = { version: "1.2.0", tag: "delay@v1.2.0", stage: "production" };
  assert.equal(baselineCacheKey({ release, model }), `mlci-baseline-delay@v1.2.0-${sha}`);
  assert.equal(
    baselineCacheKey({ release: { version: "1.2.0", tag: "models/delay,x/1.2.0" }, model }),
    `mlci-baseline-models/delay_x/1.2.0-${sha}`,
  );
  assert.equal(baselineCacheKey({ model }), "", "a baseline given as a file is not cached");
  assert.equal(baselineCacheKey({ release, model: { predictions: "p.csv" } }), "");
  assert.equal(baselineCacheKey(null), "");
});
