// actions/report/action.yml run the way GitHub's runner runs it (test/support/composite-runner): the
// real steps compute the cache key and run `mlci action report`; setup-node and actions/cache are
// stubbed (a cache hit: this checkout is already installed and built). The local forge stands in for
// GitHub here (the runner is synchronous; the GitHub path is covered by report-cli.test.ts).

import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCompositeAction } from "./support/composite-runner.js";
import { releasedAction } from "./support/released-action.js";
import { scratchDir } from "./support/scratch.js";

const ACTION = "actions/report/action.yml";

function workspace(): string {
  const directory = scratchDir("mlci-report-action-");
  mkdirSync(join(directory, "results"));
  copyFileSync("test/fixtures/report/evaluation-worse.json", join(directory, "results", "evaluation.json"));
  copyFileSync("test/fixtures/report/validation-failed.json", join(directory, "results", "validation.json"));
  return directory;
}

function run(inputs: Record<string, string>, directory = workspace()) {
  const result = runCompositeAction({
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
  return { result, directory };
}

test("writes the report to the job summary and a file without posting", () => {
  const { result, directory } = run({ results: "results", out: "results/report.md" });
  assert.equal(result.succeeded, true, result.steps.map((s) => s.stderr).join("\n"));
  assert.equal(result.outputs["exit-code"], "0");
  assert.match(result.summary, /^### ❌ `churn`: 1 of 3 gates failed/m);
  assert.match(result.summary, /#### Data validation/);
  assert.equal(
    readFileSync(join(directory, "results", "report.md"), "utf8").split("\n")[0],
    result.summary.split("\n")[0],
  );
  assert.equal(existsSync(join(directory, ".mlci", "forge")), false);
});

test("posts to the local forge and updates the same comment on the next run", () => {
  const directory = workspace();
  const inputs = { results: "results", post: "true", forge: "local", args: "--pr\n7" };
  const first = run(inputs, directory).result;
  assert.equal(first.succeeded, true, first.steps.map((s) => s.stderr).join("\n"));
  assert.match(first.steps.at(-1)?.stdout ?? "", /report comment created on #7/);
  const second = run(inputs, directory).result;
  assert.match(second.steps.at(-1)?.stdout ?? "", /report comment updated on #7/);
  const thread = JSON.parse(readFileSync(join(directory, ".mlci", "forge", "issues", "7.json"), "utf8"));
  assert.equal(thread.comments.length, 1);
  assert.match(thread.comments[0].body, /^<!-- mlci:report:churn -->\n### ❌/);
});

test("a missing evaluation is a usage error, reported as exit 2", () => {
  const { result } = run({ evaluation: "nope.json" });
  assert.equal(result.succeeded, false);
  assert.equal(result.steps.at(-1)?.exitCode, 2);
  assert.match(result.steps.at(-1)?.stderr ?? "", /evaluation file not found/);
});
