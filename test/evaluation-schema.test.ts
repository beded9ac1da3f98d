/**
 * An evaluation assembled from real metric, bootstrap, slice and gate results validates against
 * schemas/evaluation.schema.json, and the schema rejects files that break the format.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { gatesConfig } from "@mlci/core/config/gates-section.js";
import { assembleEvaluation } from "@mlci/core/evaluation/assemble.js";
import { compareModels, scoreModel, type TaskPredictions } from "@mlci/core/evaluation/score.js";
import { sliceEvaluation } from "@mlci/core/evaluation/slices.js";
import type { Evaluation } from "@mlci/core/evaluation/types.js";
import { Ajv2020 } from "ajv/dist/2020.js";

const schema = JSON.parse(readFileSync(new URL("../../schemas/evaluation.schema.json", import.meta.url), "utf8"));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

function binary(seed: number): TaskPredictions {
  const n = 400;
  const yTrue = new Int32Array(n);
  const proba = new Float64Array(2 * n);
  const yPred = new Int32Array(n);
  let state = seed;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const y = i % 3 === 0 ? 1 : 0;
    const p = Math.min(1, Math.max(0, 0.3 + 0.4 * y + (state / 2 ** 32 - 0.5) * 0.6));
    yTrue[i] = y;
    proba[2 * i] = 1 - p;
    proba[2 * i + 1] = p;
    yPred[i] = p >= 0.5 ? 1 : 0;
  }
  return { task: "binary", predictions: { classes: ["stay", "churn"], yTrue, yPred, proba } };
}

function slicesOf(evaluated: ReturnType<typeof sliceEvaluation>) {
  return { slices: evaluated.slices, sliceTests: evaluated.tests };
}

function assembled() {
  const head = binary(1);
  const baseline = binary(2);
  const segments = Int32Array.from({ length: 400 }, (_, i) => i % 4);
  return assembleEvaluation({
    name: "churn",
    task: "binary",
    data: { path: "data/test.parquet", rows: 400 },
    target: "churned",
    head: {
      model: { path: "model.onnx", sha256: "a".repeat(64), size_bytes: 2_000_000 },
      ...scoreModel(head),
      cost: {
        size_bytes: 2_000_000,
        latency_ms: { p50: 0.2, p95: 0.5, p99: 1 },
        throughput_rows_per_s: 5e5,
        peak_memory_bytes: 5e7,
      },
    },
    baseline: { model: { predictions: "baseline.csv" }, ...scoreModel(baseline) },
    comparison: compareModels(head, baseline, { resamples: 100 }),
    ...slicesOf(
      sliceEvaluation(head, baseline, [{ column: "plan", segments: ["a", "b", "c", "d"], codes: segments }], {
        resamples: 50,
      }),
    ),
    gates: gatesConfig.parse({ roc_auc: { min: 0.99, max_drop: "1%" }, brier: { max: 1 }, size_mb: { max: 1 } }),
  });
}

describe("evaluation.json schema", () => {
  it("accepts an assembled binary evaluation with baseline, comparison, slices and gates", () => {
    const json: unknown = JSON.parse(JSON.stringify(assembled()));
    assert.ok(validate(json), JSON.stringify(validate.errors, null, 2));
    const evaluation = json as Evaluation;
    assert.equal(evaluation.passed, false, "roc_auc >= 0.99 and size <= 1 MB fail");
    assert.deepEqual(
      evaluation.gates.map((g) => [g.metric, g.passed]),
      [
        ["roc_auc", false],
        ["roc_auc", true],
        ["brier", true],
        ["size_mb", false],
      ],
    );
    assert.equal(evaluation.slices.length, 4);
    assert.equal(evaluation.head.confusion_matrix?.labels[1], "churn");
  });

  it("accepts a regression evaluation without a baseline", () => {
    const yTrue = Float64Array.from([1, 2, 3, 4, 5]);
    const evaluation = assembleEvaluation({
      name: "price",
      task: "regression",
      data: { path: "prices.csv", rows: 5 },
      target: "price",
      head: {
        model: { predictions: "p.csv" },
        ...scoreModel({ task: "regression", predictions: { yTrue, yPred: yTrue.map((y) => y + 0.5) } }),
      },
    });
    assert.ok(validate(JSON.parse(JSON.stringify(evaluation))), JSON.stringify(validate.errors));
    assert.equal(evaluation.passed, true);
  });

  // biome-ignore lint/suspicious/noExplicitAny: the tests deliberately write values the types forbid
  type Json = any;
  for (const [what, breakIt] of [
    ["a missing verdict", (e: Json) => delete e.comparison.deltas.roc_auc.verdict],
    ["an unknown metric name", (e: Json) => (e.head.metrics.auc = 0.9)],
    ["a wrong schema version", (e: Json) => (e.schema = "mlci/evaluation@2")],
    ["a non-boolean passed", (e: Json) => (e.passed = "yes")],
  ] as const) {
    it(`rejects ${what}`, () => {
      const evaluation = JSON.parse(JSON.stringify(assembled()));
      breakIt(evaluation);
      assert.equal(validate(evaluation), false);
    });
  }
});
