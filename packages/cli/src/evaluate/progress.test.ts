import assert from "node:assert/strict";
import { test } from "node:test";
import { createProgress } from "./progress.js";

test("the progress bar redraws in place on stderr and ends with a newline", () => {
  const written: string[] = [];
  const progress = createProgress(
    { stdout: () => assert.fail("stdout is for results"), stderr: (t) => written.push(t) },
    200_000,
    "evaluating",
  );
  progress.advance(65_536); // the first advance draws (nothing drawn yet)
  progress.advance(65_536); // within 200 ms of the first: no redraw
  progress.done();
  assert.equal(written.length, 3);
  assert.match(written[0] ?? "", /^\revaluating \[#{8}-{16}\] 32% 65,536 rows, [\d,]+ rows\/s $/);
  assert.match(written[1] ?? "", /^\revaluating \[#{16}-{8}\] 65% 131,072 rows/);
  assert.equal(written[2], "\n");
});
