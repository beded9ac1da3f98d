/**
 * Every gate exactly at its limit and one double either side. A limit is inclusive ("min: 0.8" lets
 * 0.8 pass), and a comparison written the other way round (`>` for `>=`) must fail a test here.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Comparison, MetricDelta } from "../compare/bootstrap.js";
import { gatesConfig } from "../config/gates-section.js";
import type { ModelCost } from "../evaluation/types.js";
import { nextDown, nextUp } from "../testing/ulp.js";
import { BYTES_PER_MB, evaluateGates, type GateInputs } from "./evaluate-gates.js";

const gates = (config: unknown) => gatesConfig.parse(config);

function head(metrics: GateInputs["head"]["metrics"], cost?: ModelCost): GateInputs["head"] {
  return cost ? { metrics, cost } : { metrics };
}

function passed(config: unknown, inputs: GateInputs): boolean[] {
  return evaluateGates(gates(config), inputs).map((r) => r.passed);
}

function costWith(p95: number, sizeBytes = 1_000_000): ModelCost {
  return {
    size_bytes: sizeBytes,
    latency_ms: { p50: p95 / 2, p95, p99: p95 * 2 },
    throughput_rows_per_s: 1000,
    peak_memory_bytes: 1e8,
  };
}

describe("min and max are inclusive limits", () => {
  const limit = 0.8;
  it("min: the limit passes, one double below fails", () => {
    for (const [value, expected] of [
      [limit, true],
      [nextUp(limit), true],
      [nextDown(limit), false],
    ] as const) {
      assert.deepEqual(passed({ roc_auc: { min: limit } }, { head: head({ roc_auc: value }), baseline: null }), [
        expected,
      ]);
    }
  });

  it("max: the limit passes, one double above fails", () => {
    for (const [value, expected] of [
      [limit, true],
      [nextDown(limit), true],
      [nextUp(limit), false],
    ] as const) {
      assert.deepEqual(passed({ log_loss: { max: limit } }, { head: head({ log_loss: value }), baseline: null }), [
        expected,
      ]);
    }
  });
});

describe("max_drop at its limit", () => {
  // Drops computed from exact binary fractions so that baseline - head is exactly the limit.
  it("higher is better: a drop equal to the limit passes, one double more fails", () => {
    const baseline = { metrics: { roc_auc: 0.75 } };
    const limit = 0.25;
    assert.deepEqual(passed({ roc_auc: { max_drop: limit } }, { head: head({ roc_auc: 0.5 }), baseline }), [true]);
    assert.deepEqual(passed({ roc_auc: { max_drop: nextDown(limit) } }, { head: head({ roc_auc: 0.5 }), baseline }), [
      false,
    ]);
    assert.deepEqual(passed({ roc_auc: { max_drop: nextUp(limit) } }, { head: head({ roc_auc: 0.5 }), baseline }), [
      true,
    ]);
  });

  it("lower is better: the drop is head - baseline, an improvement never fails", () => {
    const baseline = { metrics: { log_loss: 0.5 } };
    const gate = { log_loss: { max_drop: 0.25 } };
    assert.deepEqual(passed(gate, { head: head({ log_loss: 0.75 }), baseline }), [true]);
    assert.deepEqual(passed(gate, { head: head({ log_loss: nextUp(0.75) }), baseline }), [false]);
    assert.deepEqual(passed(gate, { head: head({ log_loss: 0.25 }), baseline }), [true]);
    const [result] = evaluateGates(gates(gate), { head: head({ log_loss: 0.25 }), baseline });
    assert.equal(result?.observed, -0.25);
  });

  it("relative: 50% of a baseline of 0.5 allows a drop of exactly 0.25", () => {
    const baseline = { metrics: { accuracy: 0.5 } };
    assert.deepEqual(passed({ accuracy: { max_drop: "50%" } }, { head: head({ accuracy: 0.25 }), baseline }), [true]);
    assert.deepEqual(
      // 0.5 - nextUp(0.25) is exact (Sterbenz), so the drop is one double over 0.25.
      passed({ accuracy: { max_drop: "50%" } }, { head: head({ accuracy: 0.5 - nextUp(0.25) }), baseline }),
      [false],
    );
  });
});

describe("only_if_significant follows the metric's direction", () => {
  function delta(ci: [number, number], direction: "higher" | "lower"): MetricDelta {
    const significant = ci[0] > 0 || ci[1] < 0;
    const worse = direction === "higher" ? ci[1] < 0 : ci[0] > 0;
    return {
      head: 0,
      baseline: 0,
      delta: (ci[0] + ci[1]) / 2,
      ci_low: ci[0],
      ci_high: ci[1],
      significant,
      direction,
      verdict: significant ? (worse ? "worse" : "better") : "same",
      std_error: null,
      p_value: null,
      detectable_change: null,
    };
  }
  const comparison = (deltas: Comparison["deltas"]): Comparison => ({
    method: "paired-bootstrap",
    resamples: 1000,
    seed: 1,
    confidence: 0.95,
    deltas,
  });

  it("lower is better: a significant rise of log loss fails, a rise whose interval holds 0 passes", () => {
    const config = { log_loss: { max_drop: 0.01, only_if_significant: true } };
    const base = { head: head({ log_loss: 0.45 }), baseline: { metrics: { log_loss: 0.4 } } };
    // The interval of head - baseline lies above 0: log loss rose for real, the model got worse.
    const real = evaluateGates(gates(config), {
      ...base,
      comparison: comparison({ log_loss: delta([0.03, 0.07], "lower") }),
    });
    assert.equal(real[0]?.passed, false, real[0]?.reason);
    const noise = evaluateGates(gates(config), {
      ...base,
      comparison: comparison({ log_loss: delta([-0.01, 0.11], "lower") }),
    });
    assert.equal(noise[0]?.passed, true, noise[0]?.reason);
  });

  it("higher is better: a significant fall fails", () => {
    const config = { roc_auc: { max_drop: 0.01, only_if_significant: true } };
    const result = evaluateGates(gates(config), {
      head: head({ roc_auc: 0.7 }),
      baseline: { metrics: { roc_auc: 0.8 } },
      comparison: comparison({ roc_auc: delta([-0.15, -0.05], "higher") }),
    });
    assert.equal(result[0]?.passed, false);
  });
});

describe("latency and size limits are inclusive", () => {
  it("latency_p95_ms: the limit passes, one double above fails", () => {
    const config = { latency_p95_ms: { max: 4 } };
    assert.deepEqual(passed(config, { head: head({}, costWith(4)), baseline: null }), [true]);
    assert.deepEqual(passed(config, { head: head({}, costWith(nextUp(4))), baseline: null }), [false]);
  });

  it("latency_p95_ms measured in rounds: judged by the lower end of the rounds' p95, inclusive", () => {
    const config = { latency_p95_ms: { max: 4 } };
    const rounds = (low: number): ModelCost => ({
      ...costWith(5),
      latency_ms: { p50: 2, p95: 5, p99: 9, rounds: 7, p95_low: low, p95_high: 6 },
    });
    // The median p95 (5) is over the limit, but the interval reaches down to it: noise, not a failure.
    assert.deepEqual(passed(config, { head: head({}, rounds(4)), baseline: null }), [true]);
    assert.deepEqual(passed(config, { head: head({}, rounds(nextUp(4))), baseline: null }), [false]);
  });

  it("size_mb: exactly the limit in bytes passes, one byte more fails", () => {
    const config = { size_mb: { max: 2 } };
    assert.deepEqual(passed(config, { head: head({}, costWith(1, 2 * BYTES_PER_MB)), baseline: null }), [true]);
    assert.deepEqual(passed(config, { head: head({}, costWith(1, 2 * BYTES_PER_MB + 1)), baseline: null }), [false]);
  });
});
