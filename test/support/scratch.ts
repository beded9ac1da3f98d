import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];

/**
 * A new directory under the temp directory for a test's files, removed when the test file's process
 * exits: after its tests, their assertions on the files and the processes they started are done.
 */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (made.length === 0) {
    process.once("exit", () => {
      for (const each of made) rmSync(each, { recursive: true, force: true });
    });
  }
  made.push(dir);
  return dir;
}
