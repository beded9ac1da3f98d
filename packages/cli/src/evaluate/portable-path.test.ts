import assert from "node:assert/strict";
import { test } from "node:test";
import { portablePath } from "./assemble.js";

test("data paths under the working directory are recorded relative to it, others as given", () => {
  assert.equal(portablePath("/repo/data/test.parquet", "/repo"), "data/test.parquet");
  assert.equal(portablePath("/elsewhere/test.parquet", "/repo"), "/elsewhere/test.parquet");
  assert.equal(portablePath("data/test.parquet", "/repo"), "data/test.parquet");
  assert.equal(portablePath("https://h/x.parquet", "/repo"), "https://h/x.parquet");
});
