import assert from "node:assert/strict";
import { test } from "node:test";
import { INERT, showControlCharacters, workflowCommandGuard } from "./log-safety.js";

/** The lines GitHub's runner would read as workflow commands (it splits at \n, \r\n and \r, trims blanks). */
function commandsIn(log: string): string[] {
  return log.split(/\r\n|\r|\n/).filter((line) => /^(::|##\[)/.test(line.trimStart()));
}

test("a value from data cannot start a workflow command on its own line", () => {
  const guard = workflowCommandGuard();
  const segment = "LAX\n::set-output name=passed::true\r::add-mask::mlci\r\n  ##[error]fake";
  const log = guard(`slices: 2 segments, 1 regressed: origin=${segment}\n`);
  assert.deepEqual(commandsIn(log), []);
  // Nothing else changes: the text reads the same with the inert marks taken out.
  assert.equal(log.replaceAll(INERT, ""), `slices: 2 segments, 1 regressed: origin=${segment}\n`);
});

test("a command split over writes is caught where its line starts", () => {
  const guard = workflowCommandGuard();
  const log = ["row 3: ", "x\n", "  :", ":error::no\n", "::", "warning::no\n", "fine\n"].map(guard).join("");
  assert.deepEqual(commandsIn(log), []);
  assert.match(log, /row 3: x\n/);
  assert.match(log, /fine\n$/);
});

test("text that is not a command is left alone", () => {
  const guard = workflowCommandGuard();
  const text = "PASSED: data.csv (8 rows)\n  a: b::c\nurl http://x::y\n# heading\n";
  assert.equal(guard(text), text);
});

test("terminal control characters from data are shown, not obeyed; tab, line feed and return stay", () => {
  const text = "col \u001b]52;c;ZXZpbA==\u0007 \u001b[2J\u009b31m a\tb\r\n";
  assert.equal(showControlCharacters(text), "col \\x1b]52;c;ZXZpbA==\\x07 \\x1b[2J\\x9b31m a\tb\r\n");
});
