/**
 * What the CLI says when a first-time user goes off the path: a model from mlci.yml that training has
 * not written yet, and which evaluate flags mlci.yml can supply.
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fromRoot } from "./support/paths.js";
import { scratchDir } from "./support/scratch.js";

const mlci = (args: readonly string[], cwd: string) =>
  spawnSync(process.execPath, [fromRoot("packages/cli/bin/mlci.js"), ...args], { cwd, encoding: "utf8" });

describe("CLI guidance", () => {
  it("says to run mlci train when the model mlci.yml names does not exist yet", () => {
    const dir = scratchDir("mlci-guidance-");
    writeFileSync(join(dir, "test.csv"), "x,y\n1,0\n2,1\n");
    writeFileSync(
      join(dir, "mlci.yml"),
      "version: 1\nmodels:\n  churn:\n    path: models/churn.onnx\n    data: test.csv\n    target: y\n    task: binary\n",
    );
    const run = mlci(["evaluate", "--name", "churn", "--no-progress"], dir);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /the model of churn in mlci\.yml \(models\/churn\.onnx\) does not exist yet/);
    assert.match(run.stderr, /run `mlci train --name churn` first/);
  });

  it("lists in evaluate --help the flags mlci.yml supplies, with examples", () => {
    const run = mlci(["evaluate", "--help"], fromRoot("."));
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /From mlci\.yml \(models\.NAME/);
    assert.match(run.stdout, /--model +models\.NAME\.path/);
    assert.match(run.stdout, /Examples:\n {2}mlci evaluate --name churn/);
  });
});
