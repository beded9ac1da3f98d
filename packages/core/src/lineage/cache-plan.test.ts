import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dataCachePaths, dependencyCachePaths } from "./cache-plan.js";

describe("dependencyCachePaths", () => {
  it("maps lock files (by name, in any directory) to their package manager's download cache", () => {
    assert.deepEqual(dependencyCachePaths(["examples/app/package-lock.json", "requirements.txt", "poetry.lock"]), [
      "~/.cache/pip",
      "~/.cache/pypoetry",
      "~/.npm",
    ]);
    assert.deepEqual(dependencyCachePaths(["README.md"]), []);
  });
});

describe("dataCachePaths", () => {
  it("caches a glob's base directory or a file itself, never the project root", () => {
    assert.deepEqual(dataCachePaths(["data/raw/*.parquet", "data/raw/**/x.csv", "./labels.csv", "*.csv"]), [
      "data/raw",
      "labels.csv",
    ]);
  });
});
