import assert from "node:assert/strict";
import { test } from "node:test";
import { ProblemError } from "@mlci/core/problem.js";
import { driftAdapter } from "./drift-adapter.js";

test("inputs become the argv of mlci drift", () => {
  assert.deepEqual(driftAdapter.argv({ INPUT_REFERENCE: "ref.json", INPUT_CURRENT: "data/*.parquet" }), [
    "drift",
    "--reference",
    "ref.json",
    "--current",
    "data/*.parquet",
    "--out",
    ".mlci-out/drift.json",
  ]);
  assert.deepEqual(
    driftAdapter
      .argv({
        INPUT_REFERENCE: "r",
        INPUT_CURRENT: "c",
        INPUT_OPEN_ISSUE: "true",
        INPUT_MODEL_NAME: "churn",
        INPUT_CLOSE_AFTER: "5",
        INPUT_ARGS: "--share\n0.3",
      })
      .slice(7),
    ["--open-issue", "--forge", "github", "--model-name", "churn", "--close-after", "5", "--share", "0.3"],
  );
});

test("missing or bad inputs are usage problems", () => {
  assert.throws(() => driftAdapter.argv({ INPUT_CURRENT: "c" }), ProblemError);
  assert.throws(
    () => driftAdapter.argv({ INPUT_REFERENCE: "r", INPUT_CURRENT: "c", INPUT_OPEN_ISSUE: "yes" }),
    ProblemError,
  );
});
