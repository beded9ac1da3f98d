// actions/evaluate/action.yml run the way GitHub's runner runs it (test/support/composite-runner): its
// real steps run `mlci action evaluate` on the test models; setup-node and the baseline cache's
// actions/cache/restore and /save are stubbed (they record what they were given).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { runCompositeAction, type UsesStub } from "./support/composite-runner.js";
import { runCliCaptured } from "./support/in-process-cli.js";
import { releasedAction } from "./support/released-action.js";
import { scratchDir } from "./support/scratch.js";

const ACTION = "actions/evaluate/action.yml";
const MODELS = resolve("packages/model/test-data");

function workspace(gates: string): string {
  const directory = scratchDir("mlci-evaluate-action-");
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

const noBaselineSaved: Record<string, UsesStub> = { "actions/cache/restore": () => ({ "cache-hit": "false" }) };

function run(inputs: Record<string, string>, directory: string, cache: Record<string, UsesStub> = noBaselineSaved) {
  return runCompositeAction({
    // A released ref: the step runs the bundle (test/support/released-action).
    action: releasedAction(ACTION).action,
    workspace: directory,
    with: inputs,
    env: { PATH: process.env.PATH ?? "", ...releasedAction(ACTION).env },
    uses: {
      "actions/setup-node": () => ({ "node-version": process.version }),
      ...cache,
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
  assert.equal(failed.steps.find((step) => step.id === "evaluate")?.exitCode, 1);
  assert.equal(failed.outputs.passed, "false");
  const reported = run({ args: "--resamples\n50", "fail-on": "never" }, directory);
  assert.equal(reported.succeeded, true);
  assert.equal(reported.outputs.passed, "false");
});

test("inputs are data, never shell: a command in an input is not run", () => {
  const directory = workspace("roc_auc: { min: 0.6 }");
  const result = run({ model: "$(touch pwned).onnx" }, directory);
  assert.equal(result.succeeded, false);
  const evaluate = result.steps.find((step) => step.id === "evaluate");
  assert.equal(evaluate?.exitCode, 2);
  assert.match(evaluate?.stderr ?? "", /\$\(touch pwned\)\.onnx/);
  assert.equal(existsSync(join(directory, "pwned")), false);
});

test("a released baseline is saved under its release and model digest, after a failed gate too, and not again once restored", async () => {
  const directory = workspace("roc_auc: { min: 0.99 }");
  const git = (...args: string[]) => {
    const done = spawnSync("git", args, { cwd: directory, encoding: "utf8" });
    assert.equal(done.status, 0, done.stderr);
  };
  git("init", "-q", "-b", "main");
  git("-c", "user.email=ana@example.com", "-c", "user.name=Ana", "commit", "-q", "--allow-empty", "-m", "start");
  git("add", "-A");
  git("-c", "user.email=ana@example.com", "-c", "user.name=Ana", "commit", "-q", "-m", "model");
  for (const args of [
    ["release", "--model", "delay"],
    ["promote", "delay@v1.0.0", "--stage", "production"],
  ]) {
    const done = await runCliCaptured([...args, "--forge", "local", "--config", join(directory, "mlci.yml")]);
    assert.equal(done.code, 0, done.stderr);
  }
  const digest = createHash("sha256")
    .update(readFileSync(join(MODELS, "tree_binary.onnx")))
    .digest("hex");
  const key = `mlci-baseline-delay@v1.0.0-${digest}`;
  const restores: Record<string, string>[] = [];
  const saves: Record<string, string>[] = [];
  const cache = (matched: string): Record<string, UsesStub> => ({
    "actions/cache/restore": (given) => {
      restores.push(given);
      return { "cache-hit": "false", "cache-matched-key": matched };
    },
    "actions/cache/save": (given) => {
      saves.push(given);
      return {};
    },
  });
  const inputs = { baseline: "production", args: "--forge\nlocal\n--resamples\n50" };

  const first = run(inputs, directory, cache(""));
  assert.equal(first.succeeded, false, "the gate fails");
  assert.equal(first.steps.find((step) => step.id === "evaluate")?.exitCode, 1);
  assert.ok(existsSync(join(directory, ".mlci/cache/models/delay/1.0.0/tree_binary.onnx")));
  assert.deepEqual(restores, [
    { path: "**/.mlci/cache/models", key: "mlci-baseline-newest", "restore-keys": "mlci-baseline-" },
  ]);
  assert.deepEqual(saves, [{ path: "**/.mlci/cache/models", key }]);

  const again = run(inputs, directory, cache(key));
  assert.equal(again.steps.find((step) => step.id === "evaluate")?.exitCode, 1);
  assert.equal(restores.length, 2);
  assert.equal(saves.length, 1, "the key that was restored is not saved again");
});
