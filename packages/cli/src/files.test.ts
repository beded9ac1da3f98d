import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ProblemError } from "@mlci/core/problem.js";
import { loadConfig, readInputText, writeJsonOutput } from "./files.js";

const dir = mkdtempSync(join(tmpdir(), "mlci-files-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("outputs are written whole, with their directory created", async () => {
  const path = join(dir, "deep", "out.json");
  await writeJsonOutput(path, { a: 1 });
  assert.equal(readFileSync(path, "utf8"), '{\n  "a": 1\n}\n');
});

test("a missing input is a problem naming the file", async () => {
  await assert.rejects(readInputText(join(dir, "nope.yml"), "contract"), (e: unknown) => {
    assert.ok(e instanceof ProblemError);
    assert.match(e.message, /nope\.yml: contract not found/);
    return true;
  });
});

test("mlci.yml is optional unless named, and its errors carry line and column", async () => {
  assert.equal(await loadConfig(undefined, dir), undefined);
  await assert.rejects(loadConfig(join(dir, "missing.yml")), ProblemError);
  const file = join(dir, "mlci.yml");
  writeFileSync(file, "version: 1\nmodels:\n  m:\n    pth: x.onnx\n");
  await assert.rejects(loadConfig(undefined, dir), (e: unknown) => {
    assert.ok(e instanceof ProblemError);
    assert.match(e.message, /mlci\.yml:\d+:\d+/);
    return true;
  });
  writeFileSync(file, "models:\n  m:\n    path: x.onnx\n");
  const loaded = await loadConfig(undefined, dir);
  assert.equal(loaded?.config.models.m?.path, "x.onnx");
});
