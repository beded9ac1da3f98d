import assert from "node:assert/strict";
import { test } from "node:test";
import { createProgress } from "./progress.js";

test("the progress bar redraws in place on stderr and ends with a newline", () => {
  const written: string[] = [];
  let now = 0;
  const progress = createProgress(
    { stdout: () => assert.fail("stdout is for results"), stderr: (t) => written.push(t) },
    200_000,
    "evaluating",
    () => now,
  );
  now = 1000;
  progress.advance(65_536); // the first advance draws
  now = 1100;
  progress.advance(65_536); // 100 ms later: no redraw (at most one per 200 ms)
  now = 2000;
  progress.done(); // the final state, then a newline
  assert.deepEqual(written, [
    "\revaluating [########----------------] 32% 65,536 rows, 65,536 rows/s ",
    "\revaluating [################--------] 65% 131,072 rows, 65,536 rows/s ",
    "\n",
  ]);
});
