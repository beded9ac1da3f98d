// The test runner of composite actions itself: inputs, env, outputs (both file formats), if, stubs, summary.

import assert from "node:assert/strict";
import { test } from "node:test";
import { parseOutputFile, runCompositeAction } from "./support/composite-runner.js";
import { scratchDir } from "./support/scratch.js";

const action = "test/fixtures/composite/probe/action.yml";
const workspace = scratchDir("mlci-probe-");
const cacheStub = (inputs: Record<string, string>) => ({
  "cache-hit": inputs.key === "probe-$(id)" ? "true" : "false",
});

test("inputs reach the script through env, untouched by the shell, and outputs come back", () => {
  const result = runCompositeAction({
    action,
    workspace,
    with: { greeting: "$(id)", "skip-second": "true" },
    uses: { "actions/cache": cacheStub },
  });
  assert.equal(result.succeeded, true);
  assert.equal(result.outputs.said, "$(id)"); // passed as data through env:, never run
  assert.equal(result.outputs.lines, "one\ntwo");
  assert.equal(result.outputs.cached, "true"); // the stub saw the interpolated `with:`
  assert.equal(result.summary, "| $(id) |\n");
  assert.deepEqual(
    result.steps.map((step) => [step.id, step.skipped]),
    [
      ["cache", false],
      ["first", false],
      ["second", true],
    ],
  );
});

test("a failing step fails the run with its exit code", () => {
  const result = runCompositeAction({
    action,
    workspace,
    with: { greeting: "hi" },
    uses: { "actions/cache": cacheStub },
  });
  assert.equal(result.succeeded, false);
  const second = result.steps.at(-1);
  assert.equal(second?.exitCode, 3);
  assert.match(second?.stdout ?? "", new RegExp(`second ran in ${workspace}`));
});

test("a missing stub, a missing required input or an unknown input stops the run", () => {
  assert.throws(
    () => runCompositeAction({ action, workspace, with: { greeting: "hi" } }),
    /no stub for `uses: actions\/cache@v4`/,
  );
  assert.throws(
    () => runCompositeAction({ action, workspace, uses: { "actions/cache": cacheStub } }),
    /"greeting" is required/,
  );
  assert.throws(
    () =>
      runCompositeAction({
        action,
        workspace,
        with: { greeting: "x", colour: "red" },
        uses: { "actions/cache": cacheStub },
      }),
    /no input "colour"/,
  );
});

test("GITHUB_OUTPUT parsing follows GitHub's two forms", () => {
  assert.deepEqual(parseOutputFile("a=1\nb=x=y\nc<<END\nl1\nl2\nEND\n"), { a: "1", b: "x=y", c: "l1\nl2" });
  assert.throws(() => parseOutputFile("c<<END\nl1\n"), /no closing delimiter/);
});

test("after a failing step only status-function conditions run, as on GitHub", () => {
  const status = "test/fixtures/composite/status/action.yml";
  const ran = (save: string) =>
    runCompositeAction({ action: status, workspace, with: { save } })
      .steps.filter((step) => !step.skipped)
      .map((step) => step.id);
  assert.deepEqual(ran("yes"), ["fail", "on-failure", "not-cancelled"]);
  assert.deepEqual(ran("no"), ["fail", "on-failure"]);
  const result = runCompositeAction({ action: status, workspace });
  assert.equal(result.succeeded, false);
  assert.equal(result.steps.find((step) => step.id === "fail")?.exitCode, 3);
});
