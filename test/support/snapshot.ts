/**
 * Text snapshots a reviewer can read: the expected output lives in a committed file. Run the tests
 * with UPDATE_SNAPSHOTS=1 to rewrite them, then read the diff before committing.
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export function matchSnapshot(actual: string, file: string): void {
  if (process.env.UPDATE_SNAPSHOTS === "1") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(file, "utf8");
  } catch {
    assert.fail(`snapshot ${file} is missing: run the tests with UPDATE_SNAPSHOTS=1 and review it`);
  }
  assert.equal(actual, expected, `output differs from ${file}`);
}
