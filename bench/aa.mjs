#!/usr/bin/env node
// bench: A/A false-alarm rates of the comparison statistics (no timings): pairs of models of equal quality, 27 segments
//
// Each run draws a data set and two binary classifiers of equal quality (the same noise on the same
// true risk, packages/core/src/testing/equal-models.ts), with two slice columns (20 + 7 segments), and
// evaluates them as `mlci evaluate` does: the paired bootstrap overall, the slices with their
// false-discovery-rate control, and a max_drop: 0 gate with only_if_significant on every metric.
// Every flag is a false alarm. Prints, over AA_RUNS runs (default 200):
//   - the share of runs with any segment flagged regressed (target <= 5%);
//   - per metric, the share of runs whose overall comparison calls it "worse" (one side of a 95%
//     interval: 2.5% expected, target <= 5%), and the
//     share whose slices call it worse on some segment;
//   - the share of runs in which an only_if_significant gate with max_drop 0 fails (target <= 5%);
//   - per metric, the share of slice p-values below 0.05 and 0.01 (their calibration: 5% and 1%).
// Every rate comes with its 95% binomial interval over the runs; every 20 runs the rates so far are
// printed, so a run stopped for time still reports what it measured.
// AA_ROWS (default 10000) and AA_RESAMPLES (default 1000, as mlci evaluate) set the size.
// AA_PAIRS=flights replaces the simulated pairs with real ones (bench/support/flights-pairs.mjs): two
// logistic regressions trained as examples/flights-delay does, on disjoint random samples of
// AA_TRAIN_ROWS (default 45000, about the example's 3% sample) January-March 2001 flights each, scored on AA_ROWS April flights,
// sliced by origin airport (the 20 largest) and day of the week. Their true qualities differ by
// training noise only, so a flag is a false alarm unless that noise is itself detectable.
import { loadavg } from "node:os";
import { gatesConfig } from "../packages/core/dist/config/gates-section.js";
import { compareModels } from "../packages/core/dist/evaluation/score.js";
import { sliceEvaluation } from "../packages/core/dist/evaluation/slices.js";
import { evaluateGates } from "../packages/core/dist/gates/evaluate-gates.js";
import { equalModels } from "../packages/core/dist/testing/equal-models.js";
import { flightsPairs } from "./support/flights-pairs.mjs";

const RUNS = Number(process.env.AA_RUNS ?? 200);
const ROWS = Number(process.env.AA_ROWS ?? 10_000);
const RESAMPLES = Number(process.env.AA_RESAMPLES ?? 1000);
const FIRST_SEED = Number(process.env.AA_SEED ?? 1000);
const PAIRS = process.env.AA_PAIRS ?? "equal";
if (PAIRS !== "equal" && PAIRS !== "flights") {
  console.error(`AA_PAIRS must be equal or flights, got ${PAIRS}`);
  process.exit(2);
}
const drawPair =
  PAIRS === "flights"
    ? await flightsPairs({ trainRows: Number(process.env.AA_TRAIN_ROWS ?? 45_000), testRows: ROWS })
    : (seed) =>
        equalModels({
          rows: ROWS,
          seed,
          columns: [
            { name: "origin", segments: 20 },
            { name: "weekday", segments: 7 },
          ],
        });

const perMetric = new Map();
const count = (metric, key) => {
  const entry = perMetric.get(metric) ?? { overallWorse: 0, sliceWorse: 0, gateFailed: 0 };
  entry[key]++;
  perMetric.set(metric, entry);
};
let runsWithRegressedSegment = 0;
let runsWithGateFailure = 0;
let tests = 0;
let segments = 0;
let completed = 0;
/** Per metric, the slice p-values below 0.05 and 0.01: their calibration, before any correction. */
const pValues = new Map();
const started = performance.now();
for (let run = 0; run < RUNS; run++) {
  const seed = FIRST_SEED + run;
  const { head, baseline, slices } = drawPair(seed);
  const comparison = compareModels(head, baseline, { resamples: RESAMPLES, seed });
  const sliced = sliceEvaluation(head, baseline, slices, { resamples: RESAMPLES, seed });
  tests += sliced.tests?.tests ?? 0;
  segments += sliced.slices.length;
  if (sliced.slices.some((s) => s.regressed)) runsWithRegressedSegment++;
  for (const metric of Object.keys(comparison.deltas))
    if (!perMetric.has(metric)) perMetric.set(metric, { overallWorse: 0, sliceWorse: 0, gateFailed: 0 });
  for (const [metric, d] of Object.entries(comparison.deltas)) if (d.verdict === "worse") count(metric, "overallWorse");
  const worseInSlices = new Set(
    sliced.slices.flatMap((s) =>
      Object.entries(s.deltas ?? {})
        .filter(([, d]) => d?.verdict === "worse")
        .map(([m]) => m),
    ),
  );
  for (const metric of worseInSlices) count(metric, "sliceWorse");
  for (const s of sliced.slices) {
    for (const [metric, d] of Object.entries(s.deltas ?? {})) {
      if (d?.p_value === null || d?.p_value === undefined) continue;
      const entry = pValues.get(metric) ?? { tests: 0, below05: 0, below01: 0 };
      entry.tests++;
      if (d.p_value < 0.05) entry.below05++;
      if (d.p_value < 0.01) entry.below01++;
      pValues.set(metric, entry);
    }
  }
  const config = gatesConfig.parse(
    Object.fromEntries(Object.keys(comparison.deltas).map((m) => [m, { max_drop: 0, only_if_significant: true }])),
  );
  const gates = evaluateGates(config, {
    head: { metrics: Object.fromEntries(Object.entries(comparison.deltas).map(([m, d]) => [m, d.head])) },
    baseline: { metrics: Object.fromEntries(Object.entries(comparison.deltas).map(([m, d]) => [m, d.baseline])) },
    comparison,
  });
  for (const gate of gates) if (!gate.passed) count(gate.metric, "gateFailed");
  if (gates.some((g) => !g.passed)) runsWithGateFailure++;
  completed = run + 1;
  // Every 20 runs the rates so far, so a run stopped for time still reports what it measured.
  if (completed % 20 === 0 && completed < RUNS) {
    process.stderr.write(`  ${completed}/${RUNS} runs\n`);
    summary(completed);
  }
}
/**
 * Clopper-Pearson 95% interval of k successes in n trials, as percentages (by bisection on the
 * binomial tail, which is enough for a few hundred runs).
 */
function binomialInterval(k, n) {
  const tail = (p, from) => {
    // P(X >= from) for X ~ Binomial(n, p)
    let term = (1 - p) ** n;
    let sum = from <= 0 ? term : 0;
    for (let i = 1; i <= n; i++) {
      term *= ((n - i + 1) / i) * (p / (1 - p));
      if (i >= from) sum += term;
    }
    return sum;
  };
  const solve = (f) => {
    let low = 0;
    let high = 1;
    for (let i = 0; i < 60; i++) {
      const mid = (low + high) / 2;
      if (f(mid)) high = mid;
      else low = mid;
    }
    return (low + high) / 2;
  };
  const lower = k === 0 ? 0 : solve((p) => tail(p, k) >= 0.025);
  const upper = k === n ? 1 : solve((p) => 1 - tail(p, k + 1) <= 0.025);
  return `[${(100 * lower).toFixed(1)}, ${(100 * upper).toFixed(1)}]`;
}

function summary(runs) {
  const seconds = (performance.now() - started) / 1000;
  const pct = (n) => `${((100 * n) / runs).toFixed(1)}% ${binomialInterval(n, runs)}`;
  console.log(
    `A/A (${PAIRS === "flights" ? "flights logistic regressions" : "simulated equal models"}): ${runs} runs of ${ROWS} rows, ${RESAMPLES} resamples, ${(segments / runs).toFixed(1)} segments and ${(tests / runs).toFixed(0)} slice tests per run (seeds ${FIRST_SEED}..${FIRST_SEED + runs - 1}; ${seconds.toFixed(0)} s; load average at the end ${loadavg()[0].toFixed(1)})`,
  );
  console.log("rates with their 95% binomial (Clopper-Pearson) intervals over the runs");
  console.log(
    `runs with any segment flagged regressed: ${runsWithRegressedSegment} (${pct(runsWithRegressedSegment)}; target <= 5%)`,
  );
  console.log(
    `runs with any only_if_significant max_drop: 0 gate failing (any metric): ${runsWithGateFailure} (${pct(runsWithGateFailure)})`,
  );
  console.log(
    "\nmetric              overall worse (expected 2.5%)   worse on some segment   gate (max_drop 0, only_if_significant) failed   slice p < 0.05 / < 0.01 (expected 5% / 1%)",
  );
  for (const [metric, e] of perMetric) {
    const p = pValues.get(metric) ?? { tests: 0, below05: 0, below01: 0 };
    const share = (k) => `${((100 * k) / Math.max(1, p.tests)).toFixed(2)}%`;
    console.log(
      `${metric.padEnd(20)}${pct(e.overallWorse).padStart(30)}${pct(e.sliceWorse).padStart(24)}${pct(e.gateFailed).padStart(48)}${`${share(p.below05)} / ${share(p.below01)} of ${p.tests}`.padStart(32)}`,
    );
  }
}

summary(completed);
