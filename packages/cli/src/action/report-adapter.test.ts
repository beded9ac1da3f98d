import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { reportAdapter } from "./report-adapter.js";

describe("report action adapter", () => {
  it("maps named inputs to flags, post to --post, and args line by line", () => {
    const argv = reportAdapter.argv({
      INPUT_RESULTS: "mlci-results",
      INPUT_VALIDATION: "",
      INPUT_POST: "true",
      INPUT_PR_FILE: "mlci-results/pr.json",
      INPUT_ARGS: "--author\nmy-app[bot]\n",
    });
    assert.deepEqual(argv, [
      "report",
      "--results",
      "mlci-results",
      "--pr-file",
      "mlci-results/pr.json",
      "--post",
      "--author",
      "my-app[bot]",
    ]);
  });

  it("passes everything through args for the root action, and refuses a bad post value", () => {
    assert.deepEqual(reportAdapter.argv({ INPUT_ARGS: "--evaluation\ne.json" }), ["report", "--evaluation", "e.json"]);
    assert.throws(() => reportAdapter.argv({ INPUT_POST: "yes" }), /expected one of true, false/);
  });
});
