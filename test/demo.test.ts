// `npm run demo` runs on a fresh checkout with no network, and each step finds what it should: the
// clean March batch passes its inferred contract, the broken one fails on exactly the planted faults;
// the model is released, compared with production, rolled back; drift opens and closes an issue.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

test("the demo runs end to end and validation finds exactly the planted faults", () => {
  // Its 27 commands (validate, train, evaluate, report, release, promote, rollback, drift) run with
  // a home and temp directory of their own, and must leave nothing in either: no staging files, no
  // DuckDB spill directory, no onnxruntime telemetry state (left on, as a user's shell leaves it).
  const outside = mkdtempSync(join(tmpdir(), "mlci-demo-outside-"));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: outside, TMPDIR: outside };
  delete env.ORT_DISABLE_TELEMETRY;
  const demo = spawnSync(process.execPath, ["examples/demo.mjs"], { encoding: "utf8", env });
  // Node 22+ keeps its code cache there on purpose (main.ts turns it on): a cache, not a leftover.
  const left = readdirSync(outside, { recursive: true, encoding: "utf8" }).filter(
    (path) => !path.startsWith("node-compile-cache"),
  );
  rmSync(outside, { recursive: true, force: true });
  assert.equal(demo.status, 0, `${demo.stdout}\n${demo.stderr}`);
  assert.match(demo.stdout, /Demo finished in [\d.]+ s/);
  assert.deepEqual(left, [], "the demo's commands left these in the home or temp directory");

  const clean = JSON.parse(readFileSync(".mlci-out/demo/validation-clean.json", "utf8"));
  assert.equal(clean.passed, true);
  assert.equal(clean.data.rows, 2000);

  const broken = JSON.parse(readFileSync(".mlci-out/demo/validation-broken.json", "utf8"));
  assert.equal(broken.passed, false);
  const failed = broken.checks
    .filter((check: { passed: boolean }) => !check.passed)
    .map((check: { column: string | null; check: string; failing_rows: number; examples: { row: number }[] }) => [
      check.column,
      check.check,
      check.failing_rows,
      check.examples.map((example) => example.row),
    ]);
  assert.deepEqual(failed, [
    ["delay", "not_null", 3, [10, 20, 30]],
    ["distance", "min", 2, [40, 50]],
    ["origin", "allowed", 2, [60, 70]],
    [null, "duplicate_rows", 1, [81]],
  ]);
  // Both reports are shown: the text verdict of the clean batch and the markdown table of the broken one.
  assert.match(demo.stdout, /PASSED: \.mlci-out\/demo\/flights-2001-03-batch\.csv \(2000 rows\)/);
  assert.match(demo.stdout, /### Data validation: ❌ failed/);
});

const demoDir = ".mlci-out/demo";
const readJson = (path: string) => JSON.parse(readFileSync(join(demoDir, path), "utf8"));
const thread = (issue: number) => readJson(`.mlci/forge/issues/${issue}.json`);
const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();

// The tests below read what the first test's run of the demo left under .mlci-out/demo/.

test("PR #1 is compared with production (the constant model 0.1.0) and beats it; one comment, updated in place", () => {
  const constant = readJson(".mlci/releases/flights-delay/0.1.0/release.json");
  const evaluation = readJson("pr-1/evaluation.json");
  assert.equal(evaluation.baseline.model.sha256, constant.model.sha256);
  assert.equal(evaluation.baseline.metrics.roc_auc, 0.5, "the constant model ranks nothing");
  for (const metric of ["roc_auc", "log_loss"]) {
    assert.equal(evaluation.comparison.deltas[metric].verdict, "better", metric);
  }
  assert.equal(evaluation.passed, true);
  const pr1 = thread(1);
  assert.equal(pr1.comments.length, 1);
  // Better on the ranking metrics, every gate passed, but accuracy is significantly (if barely) lower
  // than the constant model's: the headline says so instead of a plain ✅.
  assert.match(
    pr1.comments[0].body,
    /^<!-- mlci:report:flights-delay -->\n### ⚠️ `flights-delay`: worse than production: accuracy · all 6 gates passed · better: [^\n]*roc_auc/,
  );
  // Production is named by its release (evaluate --baseline production records it), not a hash.
  assert.deepEqual(evaluation.baseline.release, {
    version: "0.1.0",
    tag: "flights-delay@v0.1.0",
    stage: "production",
  });
  assert.match(pr1.comments[0].body, /vs production `flights-delay@v0\.1\.0`, scored on/);
  // The constant model's card describes the constant model, not the trained one of mlci.yml.
  const constantCard = readFileSync(join(demoDir, ".mlci/releases/flights-delay/0.1.0/MODEL_CARD.md"), "utf8");
  assert.match(constantCard, /## Intended use\n\nThe stand-in before the first trained model/);
  assert.doesNotMatch(constantCard, /ROC AUC about 0\.63/);
  assert.match(readFileSync(join(demoDir, "pr-1/report.md"), "utf8"), /#### Metrics/);
});

test("PR #2 is compared with the production model downloaded from release 1.0.0", () => {
  const v1 = readJson(".mlci/releases/flights-delay/1.0.0/release.json");
  const evaluation = readJson("pr-2/evaluation.json");
  assert.equal(evaluation.baseline.model.sha256, v1.model.sha256);
  assert.notEqual(evaluation.head.model.sha256, v1.model.sha256, "PR #2 trained a different model");
  assert.match(evaluation.baseline.model.path, /\.mlci\/cache\/models\/flights-delay\/1\.0\.0\//);
  assert.ok(evaluation.comparison.deltas.roc_auc, "a paired comparison with production");
  const [comment] = thread(2).comments;
  assert.match(
    comment.body,
    /^<!-- mlci:report:flights-delay -->\n### ✅ `flights-delay`: all 6 gates passed · no significant change from production/,
  );
  assert.match(comment.body, /vs production `flights-delay@v1\.0\.0`, scored on/);
  // The card of 1.0.0: paths from the repository root, the test set apart, gates and the stage.
  const card = readFileSync(join(demoDir, ".mlci/releases/flights-delay/1.0.0/MODEL_CARD.md"), "utf8");
  assert.doesNotMatch(card, /`\.\.\//, "no path relative to the demo's directory");
  assert.match(card, /\| test data \(also used by the evaluation\) \| `examples\/flights-delay\/data\/test\.parquet`/);
  assert.match(card, /\| training input +\| `examples\/flights-delay\/data\/train\.parquet`/);
  assert.match(card, /## Gates\n\nAll 6 gates passed/);
  assert.match(card, /\*\*Stage\*\*: candidate, on no stage when this card was written \(production is `0\.1\.0`\)/);
});

test("releases and stages are tags of the demo's own repository: 0.1.0, 1.0.0, 1.0.1, production back to 1.0.0", () => {
  const tags = git(demoDir, "tag", "--list").split("\n");
  assert.deepEqual(tags.sort(), [
    "flights-delay@production/1",
    "flights-delay@production/2",
    "flights-delay@production/3",
    "flights-delay@production/4",
    "flights-delay@v0.1.0",
    "flights-delay@v1.0.0",
    "flights-delay@v1.0.1",
  ]);
  const production = git(demoDir, "rev-list", "-n", "1", "flights-delay@production/4");
  assert.equal(production, git(demoDir, "rev-list", "-n", "1", "flights-delay@v1.0.0"));
  assert.equal(readJson("release-v2.json").previous.version, "1.0.0");
  assert.equal(git(".", "tag", "--list", "flights-delay@*"), "", "the repository the demo runs in is never tagged");
});

test("drift on June after a feed change opens the model's issue; the clean run closes it", () => {
  const drifted = readJson("drift-june-feed-change.json");
  assert.equal(drifted.drifted, true);
  const driftedFeatures = Object.entries(drifted.features as Record<string, { drifted: boolean }>)
    .filter(([, feature]) => feature.drifted)
    .map(([name]) => name);
  assert.deepEqual(driftedFeatures.sort(), ["distance", "hour"]);
  assert.equal(readJson("drift-june.json").drifted, false);
  const issue = thread(3);
  assert.deepEqual(issue.labels, ["model-drift"]);
  assert.equal(issue.state, "closed");
  assert.match(issue.body, /^<!-- mlci:drift:flights-delay -->/);
});
