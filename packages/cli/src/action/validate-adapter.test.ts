import assert from "node:assert/strict";
import { test } from "node:test";
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
