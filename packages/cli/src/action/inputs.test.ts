import assert from "node:assert/strict";
import { test } from "node:test";
import { ProblemError } from "@mlci/core/problem.js";
import { inputVariableNames, readChoice, readInput, readLines, requireInput } from "./inputs.js";

test("an input arrives as the runner names it or in the portable spelling", () => {
  assert.deepEqual(inputVariableNames("fail-on"), ["INPUT_FAIL-ON", "INPUT_FAIL_ON"]);
  assert.deepEqual(inputVariableNames("data"), ["INPUT_DATA"]);
  assert.equal(readInput({ "INPUT_FAIL-ON": "warn" }, "fail-on"), "warn");
  assert.equal(readInput({ INPUT_FAIL_ON: " never " }, "fail-on"), "never");
});

test("an empty input is absent, a required one says which key to add", () => {
  assert.equal(readInput({ INPUT_SCHEMA: "  " }, "schema"), undefined);
  assert.throws(
    () => requireInput({ INPUT_DATA: "" }, "data"),
    (error: unknown) => error instanceof ProblemError && /add `data:` under `with:`/.test(error.message),
  );
});

test("args are one per line, never split on spaces", () => {
  assert.deepEqual(readLines({ INPUT_ARGS: "--name\nmy model\n\n  --x  \r\n" }, "args"), ["--name", "my model", "--x"]);
  assert.deepEqual(readLines({}, "args"), []);
});

test("a choice outside its list is a usage problem naming the choices", () => {
  assert.equal(readChoice({}, "fail-on", ["error", "warn"], "error"), "error");
  assert.throws(() => readChoice({ INPUT_FAIL_ON: "sometimes" }, "fail-on", ["error", "warn"], "error"), /error, warn/);
});
