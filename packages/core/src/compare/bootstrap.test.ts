import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bootstrapReplicates, pairedBootstrap, verdictOf } from "./bootstrap.js";
import { Xoshiro128 } from "./prng.js";
import { prepareClassifier, prepareRegressor } from "./weighted-metrics.js";

function syntheticBinary(n: number, seed: number, skill: number) {
  const rng = new Xoshiro128(seed);
  const u = () => rng.nextUint32() / 2 ** 32;
  const yTrue = new Int32Array(n);
  const proba = new Float64Array(2 * n);
  const yPred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = u() < 0.4 ? 1 : 0;
    const p = Math.min(1, Math.max(0, 0.5 + skill * (y - 0.5) + 0.4 * (u() - 0.5)));
    yTrue[i] = y;
    proba[2 * i + 1] = p;
    proba[2 * i] = 1 - p;
    yPred[i] = p >= 0.5 ? 1 : 0;
  }
  return { yTrue, proba, yPred };
}

const METRICS = ["accuracy", "f1", "roc_auc", "log_loss", "brier"] as const;

describe("pairedBootstrap", () => {
  const strong = syntheticBinary(3000, 1, 0.5);
  const weakProba = syntheticBinary(3000, 2, 0.1);
  const classes = ["0", "1"];
  const head = prepareClassifier({ classes, ...strong }, "binary");
  const baseline = prepareClassifier(
    { classes, yTrue: strong.yTrue, yPred: weakProba.yPred, proba: weakProba.proba },
    "binary",
  );

  it("is reproducible for a seed and changes with it", () => {
    const a = pairedBootstrap(head, baseline, { metrics: METRICS, resamples: 200, seed: 11 });
    const b = pairedBootstrap(head, baseline, { metrics: METRICS, resamples: 200, seed: 11 });
    const c = pairedBootstrap(head, baseline, { metrics: METRICS, resamples: 200, seed: 12 });
    assert.deepEqual(a, b);
    assert.notEqual(a.deltas.roc_auc?.ci_low, c.deltas.roc_auc?.ci_low);
  });

  it("calls a clearly better model better, in each metric's direction", () => {
    const result = pairedBootstrap(head, baseline, { metrics: METRICS, resamples: 300 });
    for (const m of METRICS) {
      const d = result.deltas[m];
      assert.ok(d, m);
      assert.equal(d.significant, true, m);
      assert.equal(d.verdict, "better", m);
      assert.ok((d.ci_low ?? Number.NaN) <= (d.delta ?? Number.NaN) && (d.delta ?? 0) <= (d.ci_high ?? Number.NaN));
    }
    assert.equal(result.deltas.log_loss?.direction, "lower");
    assert.ok((result.deltas.log_loss?.delta ?? 0) < 0);
    const reversed = pairedBootstrap(baseline, head, { metrics: METRICS, resamples: 300 });
    for (const m of METRICS) assert.equal(reversed.deltas[m]?.verdict, "worse", m);
  });

  it("finds no difference between a model and itself: every replicate delta is 0", () => {
    const result = pairedBootstrap(head, head, { metrics: METRICS, resamples: 100 });
    for (const m of METRICS) {
      assert.deepEqual(
        [result.deltas[m]?.delta, result.deltas[m]?.ci_low, result.deltas[m]?.ci_high, result.deltas[m]?.verdict],
        [0, 0, 0, "same"],
      );
    }
  });

  it("collapses onto a difference that is the same in every resample", () => {
    // Head and baseline errors differ by a constant 0.1 in absolute error on every row, so the true
    // MAE difference is exactly -0.1 for any resample: the interval must collapse onto it.
    const yTrue = Float64Array.from({ length: 500 }, (_, i) => Math.sin(i));
    const result = pairedBootstrap(
      prepareRegressor({ yTrue, yPred: yTrue.map((y) => y + 0.2) }),
      prepareRegressor({ yTrue, yPred: yTrue.map((y) => y + 0.3) }),
      { metrics: ["mae", "rmse", "r2"], resamples: 50 },
    );
    assert.ok(Math.abs((result.deltas.mae?.ci_low ?? 0) + 0.1) < 1e-12);
    assert.ok(Math.abs((result.deltas.mae?.ci_high ?? 0) + 0.1) < 1e-12);
    assert.equal(result.deltas.mae?.verdict, "better");
    assert.equal(result.deltas.r2?.verdict, "better");
  });

  it("rejects bad options", () => {
    assert.throws(() => pairedBootstrap(head, baseline, { metrics: METRICS, resamples: 0 }), /resamples/);
    assert.throws(() => pairedBootstrap(head, baseline, { metrics: METRICS, confidence: 1 }), /confidence/);
  });
});

describe("verdictOf", () => {
  it("needs significance and reads the metric's direction", () => {
    assert.equal(verdictOf(0.1, false, "higher"), "same");
    assert.equal(verdictOf(0.1, true, "higher"), "better");
    assert.equal(verdictOf(0.1, true, "lower"), "worse");
    assert.equal(verdictOf(-0.1, true, "lower"), "better");
    assert.equal(verdictOf(null, true, "lower"), "same");
  });
});

describe("preparing models for the bootstrap", () => {
  it("rejects predictions that do not fit their classes", () => {
    const yTrue = Int32Array.of(0, 1, 2);
    assert.throws(
      () => prepareClassifier({ classes: ["a", "b"], yTrue, yPred: Int32Array.of(0, 1, 1) }, "binary"),
      /true label of row 3 is class index 2, outside 0..1/,
    );
    assert.throws(
      () => prepareRegressor({ yTrue: Float64Array.of(1, Number.NaN), yPred: Float64Array.of(1, 2) }),
      /true value of row 2 is NaN/,
    );
  });
});

describe("sharded replicates", () => {
  it("two shards of resamples concatenate to the single run's replicates", () => {
    const data = syntheticBinary(500, 3, 0.3);
    const model = prepareClassifier({ classes: ["0", "1"], ...data }, "binary");
    const other = prepareClassifier(
      { classes: ["0", "1"], ...syntheticBinary(500, 3, 0.2), yTrue: data.yTrue },
      "binary",
    );
    const options = { metrics: ["accuracy", "roc_auc"] as const, seed: 9 };
    const whole = bootstrapReplicates(model, other, { ...options, resamples: 10 });
    const first = bootstrapReplicates(model, other, { ...options, resamples: 6 });
    const second = bootstrapReplicates(model, other, { ...options, resamples: 4, firstResample: 6 });
    for (const m of options.metrics) {
      assert.deepEqual([...(first.get(m) ?? []), ...(second.get(m) ?? [])], [...(whole.get(m) ?? [])]);
    }
  });
});
