import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ProblemError } from "@mlci/core/problem.js";
import { loadProfilesOrData, profileData } from "./profile-input.js";

const dir = mkdtempSync(join(tmpdir(), "mlci-profile-input-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function writeCsv(name: string, rows: number, shift: number): string {
  const lines = ["x,city,seen"];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `${i % 9 === 0 ? "" : ((i * 7919) % 1000) / 10 + shift},${["Oslo", "Lima", "Pune"][i % 3]},2001-0${1 + (i % 6)}-01`,
    );
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

test("inputs profiled together come back in order, each as profiled alone", async () => {
  const first = writeCsv("first.csv", 2000, 0);
  const second = writeCsv("second.csv", 1500, 25);
  const third = writeCsv("third.csv", 800, 50);
  const saved = join(dir, "second.json");
  const alone = await Promise.all([first, second, third].map((path) => profileData(path, {})));
  writeFileSync(saved, JSON.stringify(alone[1]));
  let calls = 0;
  const together = await loadProfilesOrData([first, saved, third], {}, undefined, () => calls++);
  assert.deepEqual(together, alone);
  assert.equal(calls, 1, "whileProfiling runs once");
  // Excluded columns are left out of every input profiled.
  const excluded = await loadProfilesOrData([first, third], { exclude: ["city"] });
  assert.deepEqual(
    excluded.map((p) => Object.keys(p.columns)),
    [
      ["x", "seen"],
      ["x", "seen"],
    ],
  );
});

test("inputs profiled together: the problems of every unreadable input, at once", async () => {
  await assert.rejects(
    loadProfilesOrData([join(dir, "gone.csv"), writeCsv("fine.csv", 10, 0), join(dir, "gone.parquet")], {}),
    (error: unknown) => {
      assert.ok(error instanceof ProblemError);
      assert.deepEqual(
        error.problems.map((p) => p.location?.file),
        [join(dir, "gone.csv"), join(dir, "gone.parquet")],
      );
      return true;
    },
  );
});

test("inputs profiled together: a malformed row in each is reported for both, with file and line", async () => {
  const ragged = (name: string, bad: number): string => {
    const lines = ["a,b,c"];
    for (let i = 0; i < 30_000; i++) lines.push(i === bad ? "1,2,3,4" : `${i},${i},x${i}`);
    const path = join(dir, name);
    writeFileSync(path, `${lines.join("\n")}\n`);
    return path;
  };
  const first = ragged("ragged-1.csv", 25_000);
  const second = ragged("ragged-2.csv", 28_000);
  await assert.rejects(loadProfilesOrData([first, second], {}), (error: unknown) => {
    assert.ok(error instanceof ProblemError, String(error));
    assert.deepEqual(
      error.problems.map((p) => p.location),
      [
        { file: first, line: 25_002 },
        { file: second, line: 28_002 },
      ],
    );
    return true;
  });
});
