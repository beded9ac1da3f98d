import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ProblemError } from "@mlci/core/problem.js";
import { driftAdapter } from "./drift-adapter.js";

const scratch = mkdtempSync(join(tmpdir(), "mlci-drift-adapter-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

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

const cleanReport = {
  schema: "mlci/drift@1",
  drifted: false,
  reasons: [],
  share: 0,
  share_threshold: 0.5,
  drifted_features: [],
  severe_features: [],
  critical_features: [],
  reference: { source: "ref.json", rows: 10 },
  current: { source: "cur.csv", rows: 10 },
  features: {},
  skipped: [],
};

function resultFile(report: unknown): string {
  const file = join(mkdtempSync(join(scratch, "result-")), "drift.json");
  writeFileSync(file, JSON.stringify(report));
  return file;
}

test("drift.json becomes the outputs and the summary", async () => {
  const file = resultFile(cleanReport);
  const outcome = await driftAdapter.finish(0, { INPUT_REFERENCE: "r", INPUT_CURRENT: "c", INPUT_RESULT: file });
  assert.deepEqual(outcome.outputs, { drifted: "false", share: "0", result: file });
  assert.equal(outcome.exitCode, 0);
});

test("a drift.json of another shape is an input problem naming the field, not a wrong summary", async () => {
  const file = resultFile({ ...cleanReport, drifted: "yes" });
  await assert.rejects(
    driftAdapter.finish(0, { INPUT_REFERENCE: "r", INPUT_CURRENT: "c", INPUT_RESULT: file }),
    (error: unknown) =>
      error instanceof ProblemError &&
      error.problems[0]?.kind === "input" &&
      error.problems[0]?.message.startsWith("not a valid mlci/drift@1 report: drifted: ") === true &&
      error.problems[0]?.location?.file === file,
  );
});
