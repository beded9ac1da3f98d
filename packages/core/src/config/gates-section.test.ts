import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseMlciConfig } from "./mlci-config.js";

describe("gates in mlci.yml", () => {
  it("parses metric, latency and size gates of a model", () => {
    const text = [
      "models:",
      "  churn:",
      "    path: model.onnx",
      "    gates:",
      "      roc_auc: { min: 0.8, max_drop: 0.01 }",
      '      log_loss: { max_drop: "2.5%", only_if_significant: true }',
      "      latency_p95_ms: { max: 20 }",
      "      size_mb: { max: 50 }",
      "",
    ].join("\n");
    const result = parseMlciConfig(text, "mlci.yml");
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.value.models.churn?.gates, {
      roc_auc: { min: 0.8, max_drop: 0.01 },
      log_loss: { max_drop: "2.5%", only_if_significant: true },
      latency_p95_ms: { max: 20 },
      size_mb: { max: 50 },
    });
  });

  for (const [what, gate, message] of [
    ["an unknown metric", "rocauc: { min: 0.8 }", /unknown key "rocauc"/],
    ["a gate without a limit", "roc_auc: { only_if_significant: true }", /at least one of min, max, max_drop/],
    ["a relative drop without %", 'roc_auc: { max_drop: "2" }', /percentage/],
  ] as const) {
    it(`rejects ${what} at its line`, () => {
      const text = `models:\n  churn:\n    path: model.onnx\n    gates:\n      ${gate}\n`;
      const result = parseMlciConfig(text, "mlci.yml");
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.match(result.error[0]?.message ?? "", message);
      assert.equal(result.error[0]?.location?.line, 5);
    });
  }
});
