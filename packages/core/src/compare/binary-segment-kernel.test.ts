import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { METRIC_NAMES, type MetricName } from "../metrics/names.js";
import { BinarySegmentKernel } from "./binary-segment-kernel.js";
import { bootstrapReplicates } from "./bootstrap.js";
import { pairRows } from "./paired-rows.js";
import { Xoshiro128 } from "./prng.js";
import { prepareClassifier, weightedMetrics } from "./weighted-metrics.js";

const CLASSIFICATION = METRIC_NAMES.slice(0, 12) as MetricName[];

/**
 * Scores on a coarse grid (many ties), mildly informative. The label follows the score unless
 * `labelNoise`: then a tenth of the rows get the other label, so some ties hold both predictions.
 */
function model(n: number, seed: number, yTrue: Int32Array, withProba = true, labelNoise = false) {
  const rng = new Xoshiro128(seed);
  const proba = new Float64Array(2 * n);
  const yPred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = Math.round((0.3 * (yTrue[i] as number) + 0.7 * (rng.nextUint32() / 2 ** 32)) * 20) / 20;
    proba[2 * i] = 1 - p;
    proba[2 * i + 1] = p;
    yPred[i] = (p >= 0.5 ? 1 : 0) ^ (labelNoise && i % 10 === 3 ? 1 : 0);
  }
  return withProba ? { proba, yPred } : { yPred };
}

function fixture(n: number, positive: number, withProba = true, labelNoise = false) {
  const yTrue = Int32Array.from({ length: n }, (_, i) => (i % 5 === 0 || i % 7 === 0 ? 1 : 0));
  const classes = ["a", "b"];
  const headOutput = model(n, 1, yTrue, withProba, labelNoise);
  const baselineOutput = model(n, 2, yTrue, withProba);
  return {
    yTrue,
    head: prepareClassifier({ classes, yTrue, ...headOutput }, "binary", positive),
    baseline: prepareClassifier({ classes, yTrue, ...baselineOutput }, "binary", positive),
    subset: (rows: number[]) => {
      const take = (o: typeof headOutput) => ({
        yPred: Int32Array.from(rows, (i) => o.yPred[i] as number),
        ...(o.proba
          ? { proba: Float64Array.from(rows.flatMap((i) => [o.proba[2 * i] ?? 0, o.proba[2 * i + 1] ?? 0])) }
          : {}),
      });
      const y = Int32Array.from(rows, (i) => yTrue[i] as number);
      return {
        head: prepareClassifier({ classes, yTrue: y, ...take(headOutput) }, "binary", positive),
        baseline: prepareClassifier({ classes, yTrue: y, ...take(baselineOutput) }, "binary", positive),
      };
    },
  };
}

function close(actual: number, expected: number | null | undefined, what: string): void {
  if (expected === null || expected === undefined) {
    assert.ok(Number.isNaN(actual), `${what}: expected undefined, got ${actual}`);
    return;
  }
  assert.ok(Math.abs(actual - expected) <= 1e-12, `${what}: ${actual} vs ${expected}`);
}

/**
 * One replicate of every group (all rows, and the segments of two or three slice columns: the
 * passes take columns two by two, a third one alone) under replayed weights, against the
 * per-metric path on each group's own rows.
 */
function segmentCase(labelNoise: boolean, columnCount = 2): void {
  const n = 1500;
  const data = fixture(n, 1, true, labelNoise);
  const pair = pairRows(data.head, data.baseline);
  // Segments of a third of the rows each (one left out), parity, and (a third column) i mod 5 in three segments.
  const codes = [
    Int32Array.from({ length: n }, (_, i) => (i % 3 === 2 ? -1 : i % 3)),
    Int32Array.from({ length: n }, (_, i) => i % 2),
    Int32Array.from({ length: n }, (_, i) => (i % 5 < 3 ? i % 5 : -1)),
  ].slice(0, columnCount);
  const segments = [2, 2, 3].slice(0, columnCount);
  const columns = codes.map((c, k) => ({ codes: c, segments: segments[k] as number }));
  const kernel = BinarySegmentKernel.forPair(pair, CLASSIFICATION, columns);
  assert.ok(kernel);
  assert.equal(kernel.groups, 1 + segments.reduce((a, b) => a + b, 0));
  assert.equal(kernel.tieLabels, !labelNoise, "segment labels from ties only when each tie has one prediction");
  const rng = new Xoshiro128(9);
  const inputWeights = Uint8Array.from({ length: n }, () => rng.nextUint32() % 4);
  const order = pair.order ?? new Uint32Array(0);
  kernel.storedWeights.set(Uint8Array.from(order, (i) => inputWeights[i] as number));
  const out = new Float64Array(kernel.groups * CLASSIFICATION.length);
  kernel.replicate(null, out, 0, 1);
  const all = Array.from({ length: n }, (_, i) => i);
  const groups = [
    all,
    ...codes.flatMap((column, k) =>
      Array.from({ length: segments[k] as number }, (_, s) => all.filter((i) => column[i] === s)),
    ),
  ];
  groups.forEach((rows, g) => {
    const part = data.subset(rows);
    const weights = Uint8Array.from(rows, (i) => inputWeights[i] as number);
    const total = weights.reduce((a, b) => a + b, 0);
    const wanted = new Set(CLASSIFICATION);
    const h = weightedMetrics(part.head, weights, total, wanted);
    const b = weightedMetrics(part.baseline, weights, total, wanted);
    CLASSIFICATION.forEach((m, k) => {
      const expected = h[m] == null || b[m] == null ? null : (h[m] as number) - (b[m] as number);
      close(out[g * CLASSIFICATION.length + k] as number, expected, `group ${g} ${m}`);
    });
  });
}

describe("BinarySegmentKernel", () => {
  for (const positive of [1, 0]) {
    it(`gives the per-metric path's overall replicates (positive class ${positive})`, () => {
      const { head, baseline } = fixture(2001, positive); // odd: the last weight uses half an output
      const options = { metrics: CLASSIFICATION, resamples: 30, seed: 4 };
      assert.ok(BinarySegmentKernel.forPair(pairRows(head, baseline), CLASSIFICATION), "the fast path applies");
      const fused = bootstrapReplicates(head, baseline, options);
      const generic = bootstrapReplicates(head, baseline, { ...options, generic: true });
      for (const [metric, values] of generic) {
        const other = fused.get(metric) ?? new Float64Array(0);
        for (const [r, v] of values.entries()) close(other[r] as number, Number.isNaN(v) ? null : v, `${metric} ${r}`);
      }
    });
  }

  for (const labelNoise of [false, true]) {
    const labels = labelNoise ? "labels that do not follow the scores" : "labels that follow the scores";
    it(`gives each segment the replicate of its own rows under the same weights (${labels})`, () => {
      segmentCase(labelNoise);
    });
  }

  it("gives the segments of a third slice column (summed in a pass of its own) their own replicates", () => {
    segmentCase(false, 3);
    segmentCase(true, 3);
  });

  it("gives the same replicates however the range is split (as across workers)", () => {
    const { head, baseline } = fixture(800, 1);
    const pair = pairRows(head, baseline);
    const columns = [{ codes: Int32Array.from({ length: 800 }, (_, i) => i % 4), segments: 4 }];
    const whole = BinarySegmentKernel.forPair(pair, CLASSIFICATION, columns);
    assert.ok(whole);
    const part = BinarySegmentKernel.fromState(whole.state);
    const metrics = CLASSIFICATION.length;
    const all = new Float64Array(whole.groups * metrics * 10);
    whole.run(7, 0, 10, all);
    // Replicates 6-9 first, then 0-5, by a second kernel rebuilt from the first one's state.
    const high = new Float64Array(whole.groups * metrics * 4);
    const low = new Float64Array(whole.groups * metrics * 6);
    part.run(7, 6, 4, high);
    part.run(7, 0, 6, low);
    for (let slot = 0; slot < whole.groups * metrics; slot++) {
      assert.deepEqual(
        [...all.subarray(slot * 10, slot * 10 + 10)],
        [...low.subarray(slot * 6, slot * 6 + 6), ...high.subarray(slot * 4, slot * 4 + 4)],
      );
    }
  });

  it("bootstraps label metrics of a pair without probabilities, ranking metrics undefined", () => {
    const { head, baseline } = fixture(600, 1, false);
    const fused = bootstrapReplicates(head, baseline, { metrics: CLASSIFICATION, resamples: 5, seed: 2 });
    const generic = bootstrapReplicates(head, baseline, {
      metrics: CLASSIFICATION,
      resamples: 5,
      seed: 2,
      generic: true,
    });
    for (const [metric, values] of generic) {
      const other = fused.get(metric) ?? new Float64Array(0);
      for (const [r, v] of values.entries()) close(other[r] as number, Number.isNaN(v) ? null : v, `${metric} ${r}`);
    }
    assert.ok(Number.isNaN(fused.get("roc_auc")?.[0] ?? 0));
  });
});
