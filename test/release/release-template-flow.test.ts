// ml-release.yml's two jobs, run by hand with the real `mlci` and the local forge: the `train` job's
// steps in one clone, then the `release` job in a fresh clone that gets only what the artifact
// carries (the paths the template uploads) and releases with the inputs the template passes. So the
// release job needs no training, no install and nothing else of the train job's workspace.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { parse } from "yaml";
import { fromRoot } from "../support/paths.js";
import { scratchDir } from "../support/scratch.js";

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, string>;
}
interface Workflow {
  jobs: Record<string, { steps: Step[] }>;
}

const scratch = scratchDir("mlci-release-flow-");
after(() => rmSync(scratch, { recursive: true, force: true }));

function run(cwd: string, file: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, GITHUB_ACTIONS: "", GITHUB_SHA: "", GITHUB_OUTPUT: "", GITHUB_STEP_SUMMARY: "" };
  const result = spawnSync(file, args, { cwd, env, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const git = (cwd: string, ...args: string[]) => {
  const result = run(cwd, "git", args);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
};
const mlci = (cwd: string, ...args: string[]) => {
  const result = run(cwd, process.execPath, [fromRoot("packages/cli/bin/mlci.js"), ...args, ...forgeFlag(args)]);
  assert.equal(result.status, 0, `mlci ${args.join(" ")}: ${result.stderr}`);
  return result;
};
const forgeFlag = (args: string[]) => (["release", "evaluate"].includes(args[0] ?? "") ? ["--forge", "local"] : []);
const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

test("the release job releases the train job's artifact in a fresh checkout", () => {
  const template = parse(readFileSync(fromRoot("workflows-templates/ml-release.yml"), "utf8")) as Workflow;
  const { train, release } = template.jobs;
  const upload = train?.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
  const released = release?.steps.find((s) => s.uses?.includes("/actions/release@"));
  const trained = train?.steps.find((s) => s.uses?.includes("/actions/train@"));
  assert.ok(upload?.with && released?.with && trained?.with, "the template's train, upload and release steps");

  // The repository: mlci.yml and data are committed, the model is not (CI trains it).
  const origin = join(scratch, "origin");
  mkdirSync(join(origin, "data"), { recursive: true });
  cpSync(fromRoot("packages/model/test-data/flights-sample.csv"), join(origin, "data/sample.csv"));
  writeFileSync(
    join(origin, "mlci.yml"),
    [
      "models:",
      "  delay:",
      "    path: models/delay.onnx",
      "    task: binary",
      "    target: delayed",
      "    data: data/sample.csv",
      "",
    ].join("\n"),
  );
  writeFileSync(join(origin, ".gitignore"), "models/\n.mlci-out/\n.mlci/\n");
  git(origin, "init", "-q", "-b", "main");
  git(origin, "config", "user.email", "ana@example.com");
  git(origin, "config", "user.name", "Ana");
  git(origin, "add", "-A");
  git(origin, "commit", "-q", "-m", "model and data");

  // Job `train`: train (the team's command writes the model), evaluate, profile: the template's steps.
  const trainDir = join(scratch, "train");
  git(scratch, "clone", "-q", origin, trainDir);
  const onnx = fromRoot("packages/model/test-data/logistic_columns.onnx");
  const copyModel = `require("fs").mkdirSync("models",{recursive:true});require("fs").copyFileSync(${JSON.stringify(onnx)},"models/delay.onnx")`;
  mlci(
    trainDir,
    "train",
    "--name",
    "delay",
    "--out",
    String(trained.with.lineage),
    "--",
    process.execPath,
    "-e",
    copyModel,
  );
  mlci(
    trainDir,
    "evaluate",
    "--name",
    "delay",
    "--resamples",
    "100",
    "--out",
    ".mlci-out/evaluation.json",
    "--no-progress",
  );
  mlci(trainDir, "profile", "data/sample.csv", "--out", ".mlci-out/profile.json");

  const hiddenIncluded = String(upload.with["include-hidden-files"]) === "true";
  // The artifact: the template's upload paths, the model path standing for steps.train.outputs.model-path.
  const paths = String(upload.with.path)
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => (line.includes("steps.train.outputs.model-path") ? "models/delay.onnx" : line))
    // upload-artifact (v4.4 on) skips a search root that is hidden unless include-hidden-files is true.
    .filter((line) => !line.replace(/\/$/, "").split("/").at(-1)?.startsWith(".") || hiddenIncluded);
  assert.deepEqual(paths, ["models/delay.onnx", ".mlci-out/"]);

  // Job `release`: a fresh checkout, the artifact downloaded into it, then `mlci release` with the
  // template's inputs (all of them files of the artifact).
  const releaseDir = join(scratch, "release");
  git(scratch, "clone", "-q", origin, releaseDir);
  for (const path of paths) {
    mkdirSync(dirname(join(releaseDir, path)), { recursive: true });
    cpSync(join(trainDir, path), join(releaseDir, path), { recursive: true });
  }
  const inputs = released.with;
  mlci(
    releaseDir,
    "release",
    "--model",
    "delay",
    "--evaluation",
    String(inputs.evaluation),
    "--profile",
    String(inputs.profile),
    "--lineage",
    String(inputs.lineage),
    "--output",
    "release.json",
  );
  const record = JSON.parse(readFileSync(join(releaseDir, "release.json"), "utf8")) as {
    version: string;
    model: { sha256: string };
    assets: { name: string }[];
  };
  assert.equal(record.version, "1.0.0");
  assert.equal(record.model.sha256, sha256(join(trainDir, "models/delay.onnx")), "the model the train job made");
  const assets = record.assets.map((a) => a.name).sort();
  for (const name of ["delay.onnx", "evaluation.json", "lineage.json", "profile.json"]) {
    assert.ok(assets.includes(name), `asset ${name} in ${assets.join(", ")}`);
  }
});
