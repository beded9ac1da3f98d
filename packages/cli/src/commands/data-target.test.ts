import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ProblemError } from "@mlci/core/problem.js";
import type { LoadedConfig } from "../files.js";
import { editDistance, resolveDataTarget } from "./data-target.js";

const config = {
  file: "/repo/mlci.yml",
  dir: "/repo",
  config: { data: { train: { path: "data/train.csv" }, test: { path: "data/test.csv", contract: "schema.yml" } } },
} as unknown as LoadedConfig;

describe("the data of mlci validate", () => {
  it("answers a mistyped dataset name with the datasets of mlci.yml and the closest one", () => {
    assert.throws(
      () => resolveDataTarget("tset", config),
      (error: unknown) =>
        error instanceof ProblemError &&
        /"tset" is neither a dataset of mlci\.yml nor a file; the datasets are: train, test/.test(error.message) &&
        /did you mean `mlci validate test`\?/.test(JSON.stringify(error.problems)),
    );
  });

  it("still takes a dataset name, a URL or a glob", () => {
    assert.match(resolveDataTarget("test", config).data, /data\/test\.csv$/);
    assert.equal(resolveDataTarget("https://example.com/x.csv", config).data, "https://example.com/x.csv");
    assert.equal(resolveDataTarget("data/*.csv", config).data, "data/*.csv");
  });

  it("counts a swap of neighbours as one edit", () => {
    assert.equal(editDistance("tset", "test"), 1);
    assert.equal(editDistance("train", "test"), 4);
  });
});
