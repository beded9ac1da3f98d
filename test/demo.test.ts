// `npm run demo` runs on a fresh checkout with no network, and each step finds what it should:
// the clean March batch passes its inferred contract, the broken one fails on exactly the planted faults.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";

test("the demo runs end to end and validation finds exactly the planted faults", () => {
  const demo = spawnSync(process.execPath, ["examples/demo.mjs"], { encoding: "utf8" });
  assert.equal(demo.status, 0, `${demo.stdout}\n${demo.stderr}`);
  assert.match(demo.stdout, /Demo finished in [\d.]+ s/);

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

test("the demo's PR report is one comment on the local forge, updated by the second post", () => {
  // Runs after the test above, which ran the demo.
  const thread = JSON.parse(readFileSync(".mlci-out/demo/forge/issues/1.json", "utf8"));
  assert.equal(thread.comments.length, 1);
  assert.match(thread.comments[0].body, /^<!-- mlci:report:[^>]+ -->\n### ✅ `[^`]+`: /);
  const report = readFileSync(".mlci-out/demo/report.md", "utf8");
  assert.match(report, /#### Metrics/);
});

test("the demo's drift check opens the drift issue on the broken month and closes it on a clean one", () => {
  // Runs after the first test, which ran the demo.
  const issues = readdirSync(".mlci-out/demo/forge/issues")
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(readFileSync(`.mlci-out/demo/forge/issues/${name}`, "utf8")))
    .filter((thread: { labels: string[] }) => thread.labels.includes("model-drift"));
  assert.equal(issues.length, 1);
  assert.equal(issues[0].state, "closed");
  assert.match(issues[0].body, /<!-- mlci:drift:flights-delay -->/);
  const drift = JSON.parse(readFileSync(".mlci-out/demo/drift.json", "utf8"));
  assert.equal(drift.drifted, false, "the last run (March) is clean");
});
