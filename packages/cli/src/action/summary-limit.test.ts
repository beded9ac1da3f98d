import assert from "node:assert/strict";
import { test } from "node:test";
import { fitSummary } from "./summary-limit.js";

test("a summary that fits is unchanged", () => {
  assert.equal(fitSummary("a\nb\n", 100), "a\nb\n");
});

test("a long summary is cut at a line boundary, under the limit, with a note", () => {
  const lines = Array.from({ length: 1000 }, (_, i) => `| row ${i} | ✅ |`);
  const text = fitSummary(lines.join("\n"), 2000);
  assert.ok(Buffer.byteLength(text, "utf8") <= 2000);
  const kept = text.split("\n").filter((line) => line.startsWith("| row"));
  assert.ok(kept.length > 50);
  assert.equal(kept.at(-1), `| row ${kept.length - 1} | ✅ |`); // whole lines only, in order
  assert.match(text, new RegExp(`${1000 - kept.length} more lines are in the log\\.\\n$`));
});
