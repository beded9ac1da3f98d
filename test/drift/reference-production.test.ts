import assert from "node:assert/strict";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { DriftReport } from "@mlci/core/drift/drift-file.js";
import { git } from "@mlci/forge/releases/git.js";
import { type CliRun, OUTSIDE_A_WORKFLOW, runCliCaptured } from "../support/in-process-cli.js";

// `mlci drift --reference production`: the profile attached to the production release, through the
// local release forge (annotated tags + .mlci/releases) in a temporary git repository.
const root = fileURLToPath(new URL("../../../", import.meta.url));
const sample = join(root, "packages/model/test-data/flights-sample.csv");
let repo: string;

/** `mlci ARGS` in the repository, outside a workflow; in this process (the runs are about the forge). */
function mlci(...args: string[]): Promise<CliRun> {
  return runCliCaptured(args, undefined, {
    cwd: repo,
    env: OUTSIDE_A_WORKFLOW,
  });
}

before(async () => {
  repo = await mkdtemp(join(tmpdir(), "mlci-drift-production-"));
  await git(repo, ["init", "-q", "-b", "main"]);
  await git(repo, ["config", "user.email", "ana@example.com"]);
  await git(repo, ["config", "user.name", "Ana"]);
  await mkdir(join(repo, "models"));
  await copyFile(join(root, "packages/model/test-data/logistic_columns.onnx"), join(repo, "models/delay.onnx"));
  await writeFile(join(repo, "mlci.yml"), "models:\n  delay:\n    path: models/delay.onnx\n    task: binary\n");
  await writeFile(join(repo, ".gitignore"), ".mlci/\n*.json\n*.csv\n");
  await git(repo, ["add", "-A"]);
  await git(repo, ["commit", "-q", "-m", "model"]);
  const [header, ...rows] = (await readFile(sample, "utf8")).trim().split("\n");
  const distance = (header as string).split(",").indexOf("distance");
  const km = rows.map((row) => {
    const cells = row.split(",");
    cells[distance] = String(Number(cells[distance]) * 1.609344);
    return cells.join(",");
  });
  await writeFile(join(repo, "km.csv"), `${[header, ...km].join("\n")}\n`);
});

after(async () => {
  await rm(repo, { recursive: true, force: true });
});

test("drift against the profile attached to the production release", async () => {
  const profiled = await mlci("profile", sample, "--out", "profile.json");
  assert.equal(profiled.code, 0, profiled.stderr);
  const released = await mlci("release", "--model", "delay", "--profile", "profile.json", "--forge", "local");
  assert.equal(released.code, 0, released.stderr);
  const before = await mlci("drift", "--reference", "production", "--current", "km.csv", "--forge", "local");
  assert.equal(before.code, 2, "nothing on production yet");
  const promoted = await mlci("promote", "delay@v1.0.0", "--stage", "production", "--forge", "local");
  assert.equal(promoted.code, 0, promoted.stderr);
  const drift = await mlci(
    "drift",
    "--reference",
    "production",
    "--current",
    "km.csv",
    "--out",
    "drift.json",
    "--forge",
    "local",
  );
  assert.notEqual(drift.code, 2, drift.stderr);
  const report = JSON.parse(await readFile(join(repo, "drift.json"), "utf8")) as DriftReport;
  assert.deepEqual(report.drifted_features, ["distance"]);
  assert.equal(report.reference.rows, 3000);
  const same = await mlci("drift", "--reference", "delay@v1.0.0", "--current", sample, "--forge", "local");
  assert.equal(same.code, 0, same.stderr);
});

test("after a rollback, NAME@production is the version production runs, not the newest release", async () => {
  // ml-drift.yml passes `reference: MODEL@production`. Release 1.0.1 carries a profile of km.csv, is
  // promoted and rolled back: production runs 1.0.0 again, whose profile (miles) km.csv drifts from.
  // The newest release (what the template used to pick by tag) would show no drift.
  const driftedAgainst = async (reference: string) => {
    const out = `drift-${reference.replace("@", "-")}.json`;
    const run = await mlci("drift", "--reference", reference, "--current", "km.csv", "--out", out, "--forge", "local");
    assert.notEqual(run.code, 2, run.stderr);
    return (JSON.parse(await readFile(join(repo, out), "utf8")) as DriftReport).drifted_features;
  };
  const kmProfile = await mlci("profile", "km.csv", "--out", "profile-km.json");
  assert.equal(kmProfile.code, 0, kmProfile.stderr);
  await writeFile(join(repo, "NOTES.md"), "a second version\n");
  await git(repo, ["add", "NOTES.md"]);
  await git(repo, ["commit", "-q", "-m", "second version"]);
  const released = await mlci("release", "--model", "delay", "--profile", "profile-km.json", "--forge", "local");
  assert.equal(released.code, 0, released.stderr);
  assert.match(released.stdout, /delay@v1\.0\.1/);
  const promoted = await mlci("promote", "delay@v1.0.1", "--stage", "production", "--forge", "local");
  assert.equal(promoted.code, 0, promoted.stderr);
  assert.deepEqual(await driftedAgainst("delay@production"), [], "production = 1.0.1, profiled on km.csv itself");

  const rolledBack = await mlci("rollback", "delay", "--forge", "local");
  assert.equal(rolledBack.code, 0, rolledBack.stderr);
  assert.deepEqual(await driftedAgainst("delay@production"), ["distance"], "production = 1.0.0 again");
  assert.deepEqual(await driftedAgainst("delay@latest"), [], "the newest release hides the drift production sees");
});
