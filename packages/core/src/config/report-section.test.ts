import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseMlciConfig } from "./mlci-config.js";

describe("mlci.yml report section", () => {
  it("defaults when absent", () => {
    const parsed = parseMlciConfig("version: 1\n", "mlci.yml");
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value.report, { forge: "auto", forge_dir: ".mlci/forge" });
  });

  it("reads forge, author and history", () => {
    const parsed = parseMlciConfig(
      "report:\n  forge: local\n  author: my-app[bot]\n  history: results/history.json\n",
      "mlci.yml",
    );
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value.report, {
      forge: "local",
      forge_dir: ".mlci/forge",
      author: "my-app[bot]",
      history: "results/history.json",
    });
  });

  it("refuses an unknown forge and an unknown key, with their place", () => {
    const parsed = parseMlciConfig("report:\n  forge: gitlab\n  comment: true\n", "mlci.yml");
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    assert.deepEqual(
      parsed.error.map((p) => [p.message, p.location?.line]),
      [
        ['report.forge: expected one of "auto", "github", "local"', 2],
        ['report: unknown key "comment"; check the spelling', 2],
      ],
    );
  });
});
