import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { expandDataPatterns, fingerprintFiles, sha256File } from "./fingerprints.js";

const scratch = mkdtempSync(join(tmpdir(), "mlci-fp-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, "tree-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe("expandDataPatterns", () => {
  it("expands globs and files, sorted and de-duplicated, skipping node_modules and .git", async () => {
    const dir = tree({
      "data/a.csv": "a",
      "data/sub/b.csv": "b",
      "data/c.parquet": "c",
      "data/node_modules/x.csv": "x",
      "data/.git/y.csv": "y",
      "labels.csv": "l",
    });
    const { files, problems } = await expandDataPatterns(
      ["data/**/*.csv", "labels.csv", "data/a.csv", "./data/*.parquet"],
      dir,
      "mlci.yml",
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(files, ["data/a.csv", "data/c.parquet", "data/sub/b.csv", "labels.csv"]);
  });

  it("names each pattern that matches nothing", async () => {
    const dir = tree({ "data/a.csv": "a" });
    const { problems } = await expandDataPatterns(["missing/*.csv", "nope.csv", "data/*.csv"], dir, "mlci.yml");
    assert.deepEqual(
      problems.map((p) => p.message),
      ["train.data: no file matches missing/*.csv", "train.data: file not found: nope.csv"],
    );
  });
});

describe("fingerprintFiles", () => {
  it("hashes like sha256sum and caches by size and mtime", async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7); // more than one 1 MiB read chunk
    const dir = tree({ "a.bin": "" });
    writeFileSync(join(dir, "a.bin"), big);
    assert.equal(await sha256File(join(dir, "a.bin")), createHash("sha256").update(big).digest("hex"));
    const cache = join(dir, ".mlci/cache/fingerprints.json");
    const first = await fingerprintFiles(["a.bin"], dir, cache);
    assert.deepEqual(first.stats, { hashed: 1, cached: 0 });
    assert.equal(first.fingerprints[0]?.bytes, big.length);
    const second = await fingerprintFiles(["a.bin"], dir, cache);
    assert.deepEqual(second.stats, { hashed: 0, cached: 1 });
    assert.deepEqual(second.fingerprints, first.fingerprints);
  });

  it("survives a damaged cache file by hashing again", async () => {
    const dir = tree({ "a.txt": "hello" });
    const cache = join(dir, "fingerprints.json");
    writeFileSync(cache, "{not json");
    const { fingerprints, stats } = await fingerprintFiles(["a.txt"], dir, cache);
    assert.deepEqual(stats, { hashed: 1, cached: 0 });
    assert.equal(fingerprints[0]?.sha256, createHash("sha256").update("hello").digest("hex"));
    assert.equal(JSON.parse(readFileSync(cache, "utf8")).schema, "mlci/fingerprint-cache@1");
  });
});
