import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mergeTopCategories, topCategoriesFromCounts, totalCount } from "./top-categories.js";

describe("top categories", () => {
  it("keeps the k most frequent and counts the rest as other", () => {
    const top = topCategoriesFromCounts(
      [
        ["a", 5],
        ["b", 9],
        ["c", 1],
        ["d", 9],
      ],
      2,
    );
    assert.deepEqual(top, {
      top: [
        ["b", 9],
        ["d", 9],
      ],
      other: 6,
    });
  });

  it("merges complete lists exactly", () => {
    const a = topCategoriesFromCounts([
      ["x", 3],
      ["y", 1],
    ]);
    const b = topCategoriesFromCounts([
      ["y", 4],
      ["z", 2],
    ]);
    assert.deepEqual(mergeTopCategories(a, b), {
      top: [
        ["y", 5],
        ["x", 3],
        ["z", 2],
      ],
      other: 0,
    });
  });

  it("keeps the total when truncated lists merge, listed counts being lower bounds", () => {
    const a = topCategoriesFromCounts(
      [
        ["x", 10],
        ["y", 6],
        ["z", 5],
      ],
      2,
    );
    const b = topCategoriesFromCounts(
      [
        ["z", 10],
        ["y", 7],
        ["x", 1],
      ],
      2,
    );
    const merged = mergeTopCategories(a, b, 2);
    assert.equal(totalCount(merged), 39);
    assert.deepEqual(merged.top, [
      ["y", 13],
      ["x", 10],
    ]);
    assert.equal(merged.other, 16);
  });
});
