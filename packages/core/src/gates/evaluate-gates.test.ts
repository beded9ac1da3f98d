import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Comparison, MetricDelta } from "../compare/bootstrap.js";
import { gatesConfig } from "../config/gates-section.js";
import type { ModelCost } from "../evaluation/types.js";
import { evaluateGates, type GateInputs } from "./evaluate-gates.js";

const cost: ModelCost = {
  size_bytes: 12_500_000,
  latency_ms: { p50: 1.2, p95: 4.5, p99: 9 },
  throughput_rows_per_s: 100_000,
  peak_memory_bytes: 1e8,
};

function delta(significant: boolean, ci: [number, number]): MetricDelta {
  return {
    head: 0,
    baseline: 0,
    delta: 0,
    ci_low: ci[0],
    ci_high: ci[1],
    significant,
    direction: "higher",
    verdict: significant ? "worse" : "same",
    std_error: null,
    p_value: null,
    detectable_change: null,
  };
}

function comparison(deltas: Comparison["deltas"]): Comparison {
  return { method: "paired-bootstrap", resamples: 1000, seed: 1, confidence: 0.95, deltas };
}

const inputs: GateInputs = {
  head: { metrics: { roc_auc: 0.82, accuracy: 0.9, log_loss: 0.42, brier: null }, cost },
  baseline: { metrics: { roc_auc: 0.85, accuracy: 0.9, log_loss: 0.4, brier: 0.1 } },
};

function gates(config: unknown) {
  return gatesConfig.parse(config);
}

describe("evaluateGates", () => {
  it("checks min and max against the head model", () => {
    const results = evaluateGates(gates({ roc_auc: { min: 0.8, max: 0.81 } }), inputs);
    assert.deepEqual(
      results.map((r) => [r.kind, r.threshold, r.observed, r.passed]),
      [
        ["min", 0.8, 0.82, true],
        ["max", 0.81, 0.82, false],
      ],
    );
    assert.equal(results[1]?.reason, "roc_auc 0.82 is above the maximum 0.81");
  });

  it("fails a gate whose metric is undefined or not reported", () => {
    const results = evaluateGates(gates({ brier: { max: 0.2 }, r2: { min: 0 } }), inputs);
    assert.deepEqual(
      results.map((r) => [r.metric, r.passed, r.observed]),
      [
        ["brier", false, null],
        ["r2", false, null],
      ],
    );
    assert.match(results[0]?.reason ?? "", /undefined on these rows/);
    assert.match(results[1]?.reason ?? "", /not reported/);
  });

  it("measures max_drop in the metric's direction, absolute or relative", () => {
    const results = evaluateGates(
      gates({ roc_auc: { max_drop: 0.02 }, log_loss: { max_drop: "10%" }, accuracy: { max_drop: 0 } }),
      inputs,
    );
    const [auc, logLoss, accuracy] = ["roc_auc", "log_loss", "accuracy"].map((m) =>
      results.find((r) => r.metric === m),
    );
    assert.equal(auc?.passed, false);
    assert.ok(Math.abs((auc?.observed ?? 0) - 0.03) < 1e-12);
    // log loss is better lower: 0.42 vs 0.40 is a 5% drop, within 10%.
    assert.equal(logLoss?.passed, true);
    assert.equal(logLoss?.relative, true);
    assert.equal(logLoss?.threshold, 0.1);
    assert.ok(Math.abs((logLoss?.observed ?? 0) - 0.05) < 1e-12);
    assert.equal(accuracy?.passed, true);
  });

  it("with only_if_significant, passes a drop whose interval contains 0 and fails a significant one", () => {
    const config = gates({ roc_auc: { max_drop: 0.01, only_if_significant: true } });
    const noise = evaluateGates(config, {
      ...inputs,
      comparison: comparison({ roc_auc: delta(false, [-0.06, 0.01]) }),
    });
    assert.equal(noise[0]?.passed, true);
    assert.match(noise[0]?.reason ?? "", /not significant/);
    const real = evaluateGates(config, { ...inputs, comparison: comparison({ roc_auc: delta(true, [-0.05, -0.01]) }) });
    assert.equal(real[0]?.passed, false);
    const untested = evaluateGates(config, inputs);
    assert.equal(untested[0]?.passed, false);
  });

  it("records the smallest detectable drop and warns when max_drop is below it", () => {
    const withSpread = (detectable: number, baseline: number): MetricDelta => ({
      ...delta(false, [-0.01, 0.004]),
      baseline,
      detectable_change: detectable,
    });
    const results = evaluateGates(gates({ roc_auc: { max_drop: 0.001 }, log_loss: { max_drop: "10%" } }), {
      ...inputs,
      comparison: comparison({ roc_auc: withSpread(0.004, 0.85), log_loss: withSpread(0.002, 0.4) }),
    });
    const [auc, logLoss] = results;
    assert.equal(auc?.detectable_drop, 0.004);
    assert.equal(
      auc?.warning,
      "max_drop 0.001 is below the smallest roc_auc drop these rows can detect (0.004): a drop between the two cannot be told from noise",
    );
    assert.equal(logLoss?.detectable_drop, 0.005, "0.002 of a 0.4 baseline, in the gate's relative unit");
    assert.equal(logLoss?.warning, undefined, "10% is well above a detectable 0.5%");
  });

  it("skips max_drop without a baseline, saying so", () => {
    const [result] = evaluateGates(gates({ roc_auc: { max_drop: 0.01 } }), { ...inputs, baseline: null });
    assert.equal(result?.passed, true);
    assert.equal(result?.observed, null);
    assert.match(result?.reason ?? "", /no baseline/);
  });

  it("checks latency and size", () => {
    const config = gates({ latency_p95_ms: { max: 4 }, size_mb: { max: 20 } });
    assert.deepEqual(
      evaluateGates(config, inputs).map((r) => [r.metric, r.kind, r.observed, r.passed]),
      [
        ["latency_p95_ms", "latency", 4.5, false],
        ["size_mb", "size", 12.5, true],
      ],
    );
  });

  it("takes the size from the model file without cost, and skips what was not measured, saying so", () => {
    const config = gates({ latency_p95_ms: { max: 4 }, size_mb: { max: 20 } });
    const onnx = { path: "m.onnx", sha256: "0".repeat(64), size_bytes: 25_000_000 };
    const noCost = evaluateGates(config, { ...inputs, head: { metrics: {}, model: onnx } });
    assert.deepEqual(
      noCost.map((r) => [r.metric, r.observed, r.passed]),
      [
        ["latency_p95_ms", null, true],
        ["size_mb", 25, false],
      ],
    );
    assert.match(noCost[0]?.reason ?? "", /not measured.*not checked/);
    const predictionsFile = evaluateGates(config, {
      ...inputs,
      head: { metrics: {}, model: { predictions: "p.csv" } },
    });
    assert.deepEqual(
      predictionsFile.map((r) => [r.observed, r.passed]),
      [
        [null, true],
        [null, true],
      ],
    );
    assert.match(predictionsFile[1]?.reason ?? "", /size not checked/);
  });

  it("returns nothing without gates", () => {
    assert.deepEqual(evaluateGates(undefined, inputs), []);
  });
});
