// actions/release/action.yml run the way GitHub's runner runs it (test/support/composite-runner): its
// real steps run `mlci action release` with the inputs in INPUT_* variables; setup-node and
// actions/cache are stubbed (a cache hit: this checkout is already built). The local forge keeps the
// test off the network: a temporary git repository gets the tag and .mlci/releases.

import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { git } from "@mlci/forge/releases/git.js";
import { runCompositeAction } from "../support/composite-runner.js";
import { scratchDir } from "../support/scratch.js";

const ACTION = "actions/release/action.yml";

async function workspace(): Promise<string> {
  const directory = scratchDir("mlci-release-action-");
  mkdirSync(join(directory, "models"));
  copyFileSync("packages/model/test-data/scorer-v1.onnx", join(directory, "models/scorer.onnx"));
  writeFileSync(
    join(directory, "mlci.yml"),
    "models:\n  scorer:\n    path: models/scorer.onnx\n    card: {intended_use: Action test.}\n",
  );
  await git(directory, ["init", "-q", "-b", "main"]);
  await git(directory, ["add", "-A"]);
  await git(directory, ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "model"]);
  return directory;
}

function run(directory: string, inputs: Record<string, string>) {
  return runCompositeAction({
    action: ACTION,
    workspace: directory,
    with: inputs,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
    uses: {
      "actions/setup-node": () => ({ "node-version": process.version }),
      "actions/cache": () => ({ "cache-hit": "true" }),
    },
  });
}

test("the release action releases, sets its outputs and puts the model card in the job summary; a re-run is a no-op", async () => {
  const directory = await workspace();
  const first = run(directory, { model: "scorer", forge: "local" });
  assert.equal(first.succeeded, true, first.steps.map((s) => s.stderr).join("\n"));
  assert.equal(first.outputs.version, "1.0.0");
  assert.equal(first.outputs.tag, "scorer@v1.0.0");
  assert.equal(first.outputs.action, "released");
  assert.match(first.summary, /^# scorer 1\.0\.0\n/);
  assert.match(first.summary, /## Intended use\n\nAction test\./);
  const record = JSON.parse(readFileSync(join(directory, ".mlci-out/release.json"), "utf8"));
  assert.equal(record.tag, "scorer@v1.0.0");

  rmSync(join(directory, ".mlci-out"), { recursive: true });
  const again = run(directory, { model: "scorer", forge: "local" });
  assert.equal(again.succeeded, true);
  assert.equal(again.outputs.action, "unchanged");
  assert.equal(again.outputs.version, "1.0.0");
  assert.match(again.summary, /^# scorer 1\.0\.0\n/, "the summary shows the version this commit already has");
});

test("a bad version input fails the step with exit 2 and changes nothing", async () => {
  const directory = await workspace();
  const result = run(directory, { model: "scorer", forge: "local", version: "1.2" });
  assert.equal(result.succeeded, false);
  assert.equal(result.steps.at(-1)?.exitCode, 2);
  assert.match(result.steps.at(-1)?.stderr ?? "", /--version "1\.2" is not a version/);
  assert.equal((await git(directory, ["tag"])).trim(), "");
});
