/**
 * The whole bootstrap procedure, random weights included, against scipy.stats.bootstrap (paired,
 * percentile, 20000 classic resamples) on the same data (scripts/golden/bootstrap_scipy.py). The two
 * differ by Monte Carlo error and by Poisson versus multinomial resampling only, so each interval end
 * must lie within 12% of scipy's half-width of scipy's end.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { pairedBootstrap } from "@mlci/core/compare/bootstrap.js";
import { prepareClassifier, prepareRegressor } from "@mlci/core/compare/weighted-metrics.js";
import type { MetricName } from "@mlci/core/metrics/names.js";

interface ScipyCase {
  name: string;
  task: "binary" | "regression";
  y_true: number[];
  head: { y_pred: number[]; proba?: number[] };
  baseline: { y_pred: number[]; proba?: number[] };
  intervals: Record<string, [number, number]>;
}

const golden = JSON.parse(readFileSync(new URL("../golden/bootstrap-scipy.json", import.meta.url), "utf8")) as {
  confidence: number;
  cases: ScipyCase[];
};

const RESAMPLES = 4000;
const TOLERANCE = 0.12;

function prepare(c: ScipyCase, model: ScipyCase["head"]) {
  if (c.task === "regression") {
    return prepareRegressor({ yTrue: Float64Array.from(c.y_true), yPred: Float64Array.from(model.y_pred) });
  }
  const proba = Float64Array.from((model.proba ?? []).flatMap((p) => [1 - p, p]));
  return prepareClassifier(
    { classes: ["0", "1"], yTrue: Int32Array.from(c.y_true), yPred: Int32Array.from(model.y_pred), proba },
    "binary",
  );
}

describe("paired bootstrap agrees with scipy.stats.bootstrap", () => {
  for (const c of golden.cases) {
    it(`${c.name}: ${Object.keys(c.intervals).join(", ")}`, () => {
      const metrics = Object.keys(c.intervals) as MetricName[];
      const comparison = pairedBootstrap(prepare(c, c.head), prepare(c, c.baseline), {
        metrics,
        resamples: RESAMPLES,
        confidence: golden.confidence,
        seed: 3,
      });
      for (const m of metrics) {
        const [low, high] = c.intervals[m] as [number, number];
        const allowed = (TOLERANCE * (high - low)) / 2;
        const ours = comparison.deltas[m];
        assert.ok(ours, m);
        const message = `${m}: mlci [${ours.ci_low}, ${ours.ci_high}] vs scipy [${low}, ${high}]`;
        assert.ok(Math.abs((ours.ci_low ?? Number.NaN) - low) <= allowed, message);
        assert.ok(Math.abs((ours.ci_high ?? Number.NaN) - high) <= allowed, message);
      }
    });
  }
});
