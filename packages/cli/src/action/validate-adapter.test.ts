import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { ProblemError } from "@mlci/core/problem.js";
import { ExitCode } from "../exit-codes.js";
import { validateAdapter, validationExitCode } from "./validate-adapter.js";

function validation(errorPassed: boolean, warnPassed: boolean) {
  return {
    checks: [
      { severity: "error" as const, passed: errorPassed },
      { severity: "warn" as const, passed: warnPassed },
    ],
  };
}

test("fail-on decides the step's exit code", () => {
  const cases: [boolean, boolean, "error" | "warn" | "never", ExitCode][] = [
    [true, true, "error", ExitCode.ok],
    [true, false, "error", ExitCode.ok],
    [true, false, "warn", ExitCode.failed],
    [false, true, "error", ExitCode.failed],
    [false, true, "warn", ExitCode.failed],
    [false, false, "never", ExitCode.ok],
  ];
  for (const [errorPassed, warnPassed, failOn, expected] of cases) {
    assert.equal(
      validationExitCode(validation(errorPassed, warnPassed), failOn),
      expected,
      `${errorPassed} ${warnPassed} ${failOn}`,
    );
  }
});

test("inputs become the argv of mlci validate", () => {
  assert.deepEqual(validateAdapter.argv({ INPUT_DATA: "d.csv", INPUT_SCHEMA: "s.yml", INPUT_ARGS: "--format\njson" }), [
    "validate",
    "d.csv",
    "--schema",
    "s.yml",
    "--out",
    ".mlci-out/validation.json",
    "--format",
    "json",
  ]);
  assert.deepEqual(validateAdapter.argv({ INPUT_DATA: "d.csv", INPUT_CONFIG: "ml.yml", INPUT_RESULT: "out/v.json" }), [
    "validate",
    "d.csv",
    "--config",
    "ml.yml",
    "--out",
    "out/v.json",
  ]);
  assert.throws(() => validateAdapter.argv({ INPUT_DATA: "d.csv", INPUT_FAIL_ON: "later" }), /error, warn, never/);
});

// validation.json is read back from the workspace after `mlci validate` ran: a file of another shape
// (a later step replaced it, or another version wrote it) is refused naming the field, not summarised.
const fixtures = join(dirname(fileURLToPath(import.meta.url)), "../../../../test/fixtures/report");

async function resultFile(value: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mlci-validate-adapter-"));
  after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, "validation.json");
  await writeFile(file, JSON.stringify(value));
  return file;
}

test("validation.json becomes the outputs and the summary", async () => {
  const valid = JSON.parse(await readFile(join(fixtures, "validation-failed.json"), "utf8"));
  const file = await resultFile(valid);
  const outcome = await validateAdapter.finish(1, { INPUT_DATA: "d.csv", INPUT_RESULT: file });
  assert.deepEqual(outcome.outputs, { passed: "false", result: file });
  assert.equal(outcome.exitCode, ExitCode.failed);
});

test("a validation.json of another shape is an input problem naming the field", async () => {
  const valid = JSON.parse(await readFile(join(fixtures, "validation-failed.json"), "utf8"));
  const file = await resultFile({ ...valid, checks: [{ ...valid.checks[0], severity: "fatal" }] });
  await assert.rejects(
    validateAdapter.finish(1, { INPUT_DATA: "d.csv", INPUT_RESULT: file }),
    (error: unknown) =>
      error instanceof ProblemError &&
      error.problems[0]?.kind === "input" &&
      error.problems[0]?.message.startsWith("validation.json: checks[0].severity") === true &&
      error.problems[0]?.location?.file === file,
  );
});
