import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { globBase, globToRegExp, hasGlobMagic } from "./glob.js";

const matches = (pattern: string, path: string) => globToRegExp(pattern).test(path);

describe("globToRegExp", () => {
  it("matches * within one segment only", () => {
    assert.equal(matches("data/*.parquet", "data/train.parquet"), true);
    assert.equal(matches("data/*.parquet", "data/sub/train.parquet"), false);
    assert.equal(matches("data/*.parquet", "data/train.csv"), false);
  });
  it("matches ** across zero or more segments", () => {
    assert.equal(matches("data/**/*.csv", "data/a.csv"), true);
    assert.equal(matches("data/**/*.csv", "data/x/y/a.csv"), true);
    assert.equal(matches("data/**", "data/x/y/a.csv"), true);
    assert.equal(matches("data/**/*.csv", "other/a.csv"), false);
  });
  it("supports ?, classes, negated classes and alternatives", () => {
    assert.equal(matches("m?.csv", "m1.csv"), true);
    assert.equal(matches("m?.csv", "m12.csv"), false);
    assert.equal(matches("month-[1-3].csv", "month-2.csv"), true);
    assert.equal(matches("month-[!1-3].csv", "month-2.csv"), false);
    assert.equal(matches("month-[!1-3].csv", "month-5.csv"), true);
    assert.equal(matches("data/{train,test}.parquet", "data/test.parquet"), true);
    assert.equal(matches("data/{train,test}.parquet", "data/later.parquet"), false);
  });
  it("treats regular-expression characters literally", () => {
    assert.equal(matches("a+b(1).csv", "a+b(1).csv"), true);
    assert.equal(matches("a.csv", "abcsv"), false);
  });
});

describe("globBase", () => {
  it("returns the static leading directory", () => {
    assert.equal(globBase("data/raw/*.csv"), "data/raw");
    assert.equal(globBase("*.csv"), ".");
    assert.equal(globBase("data/**/x.csv"), "data");
    assert.equal(globBase("/abs/dir/*.csv"), "/abs/dir");
  });
  it("detects glob syntax", () => {
    assert.equal(hasGlobMagic("data/train.parquet"), false);
    assert.equal(hasGlobMagic("data/{a,b}.parquet"), true);
  });
});
