// actions/evaluate/action.yml run the way GitHub's runner runs it (test/support/composite-runner): its
// real steps run `mlci action evaluate` on the test models; setup-node and actions/cache are stubbed
// (a cache hit: this checkout is already installed and built).
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { runCompositeAction } from "./support/composite-runner.js";
import { releasedAction } from "./support/released-action.js";

const ACTION = "actions/evaluate/action.yml";
const MODELS = resolve("packages/model/test-data");

function workspace(gates: string): string {
  const directory = mkdtempSync(join(tmpdir(), "mlci-evaluate-action-"));
  for (const file of ["tree_binary.onnx", "logistic_columns.onnx", "flights-sample.csv"]) {
    cpSync(join(MODELS, file), join(directory, file));
  }
  writeFileSync(
    join(directory, "mlci.yml"),
    [
      "models:",
      "  delay:",
      "    path: tree_binary.onnx",
      "    baseline: logistic_columns.onnx",
      "    data: flights-sample.csv",
      "    target: delayed",
      "    features: [distance, hour, weekday]",
      "    gates:",
      `      ${gates}`,
      "",
    ].join("\n"),
  );
  return directory;
}

function run(inputs: Record<string, string>, directory: string) {
  return runCompositeAction({
    // A released ref: the step runs the bundle (test/support/released-action).
    action: releasedAction(ACTION).action,
    workspace: directory,
    with: inputs,
    env: { PATH: process.env.PATH ?? "", ...releasedAction(ACTION).env },
    uses: {
      "actions/setup-node": () => ({ "node-version": process.version }),
      "actions/cache": () => ({ "cache-hit": "true" }),
    },
  });
}

test("passing gates: outputs, evaluation.json and a job summary with the metrics", () => {
  const directory = workspace("roc_auc: { min: 0.6 }");
  const result = run({ slices: "weekend\norigin", args: "--resamples\n200" }, directory);
  assert.equal(result.succeeded, true, result.steps.map((s) => s.stderr).join("\n"));
  assert.equal(result.outputs.passed, "true");
  assert.equal(result.outputs.result, resolve(directory, ".mlci-out/evaluation.json"));
  const evaluation = JSON.parse(readFileSync(result.outputs.result ?? "", "utf8"));
  assert.equal(evaluation.comparison.resamples, 200);
  assert.ok(evaluation.slices.some((s: { column: string }) => s.column === "origin"));
  assert.match(result.summary, /## Model evaluation: delay/);
  assert.match(result.summary, /roc_auc/);
});

test("a failed gate fails the step unless fail-on is never", () => {
  const directory = workspace("roc_auc: { min: 0.95 }");
  const failed = run({ args: "--resamples\n50" }, directory);
  assert.equal(failed.succeeded, false);
  assert.equal(failed.steps.at(-1)?.exitCode, 1);
  assert.equal(failed.outputs.passed, "false");
  const reported = run({ args: "--resamples\n50", "fail-on": "never" }, directory);
  assert.equal(reported.succeeded, true);
  assert.equal(reported.outputs.passed, "false");
});

test("inputs are data, never shell: a command in an input is not run", () => {
  const directory = workspace("roc_auc: { min: 0.6 }");
  const result = run({ model: "$(touch pwned).onnx" }, directory);
  assert.equal(result.succeeded, false);
  assert.equal(result.steps.at(-1)?.exitCode, 2);
  assert.match(result.steps.at(-1)?.stderr ?? "", /\$\(touch pwned\)\.onnx/);
  assert.equal(existsSync(join(directory, "pwned")), false);
});
