#!/usr/bin/env node
// bench: A/A false-alarm rates of the comparison statistics (no timings): pairs of models of equal quality, 27 segments
//
// Each run draws a data set and two binary classifiers of equal quality (the same noise on the same
// true risk, packages/core/src/testing/equal-models.ts), with two slice columns (20 + 7 segments), and
// evaluates them as `mlci evaluate` does: the paired bootstrap overall, the slices with their
// false-discovery-rate control, and a max_drop: 0 gate with only_if_significant on every metric.
// Every flag is a false alarm. Prints, over AA_RUNS runs (default 200):
//   - the share of runs with any segment flagged regressed (target <= 5%);
//   - per metric, the share of runs whose overall comparison calls it "worse" (target <= 5%), and the
//     share whose slices call it worse on some segment;
//   - the share of runs in which an only_if_significant gate with max_drop 0 fails (target <= 5%).
// AA_ROWS (default 10000) and AA_RESAMPLES (default 1000, as mlci evaluate) set the size.
import { gatesConfig } from "../packages/core/dist/config/gates-section.js";
import { compareModels } from "../packages/core/dist/evaluation/score.js";
import { sliceEvaluation } from "../packages/core/dist/evaluation/slices.js";
import { evaluateGates } from "../packages/core/dist/gates/evaluate-gates.js";
import { equalModels } from "../packages/core/dist/testing/equal-models.js";

const RUNS = Number(process.env.AA_RUNS ?? 200);
const ROWS = Number(process.env.AA_ROWS ?? 10_000);
const RESAMPLES = Number(process.env.AA_RESAMPLES ?? 1000);
const FIRST_SEED = Number(process.env.AA_SEED ?? 1000);

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
const started = performance.now();
for (let run = 0; run < RUNS; run++) {
  const seed = FIRST_SEED + run;
  const { head, baseline, slices } = equalModels({
    rows: ROWS,
    seed,
    columns: [
      { name: "origin", segments: 20 },
      { name: "weekday", segments: 7 },
    ],
  });
  const comparison = compareModels(head, baseline, { resamples: RESAMPLES, seed });
  const sliced = sliceEvaluation(head, baseline, slices, { resamples: RESAMPLES, seed });
  tests += sliced.tests?.tests ?? 0;
  segments += sliced.slices.length;
  if (sliced.slices.some((s) => s.regressed)) runsWithRegressedSegment++;
  for (const [metric, d] of Object.entries(comparison.deltas)) if (d.verdict === "worse") count(metric, "overallWorse");
  const worseInSlices = new Set(
    sliced.slices.flatMap((s) =>
      Object.entries(s.deltas ?? {})
        .filter(([, d]) => d?.verdict === "worse")
        .map(([m]) => m),
    ),
  );
  for (const metric of worseInSlices) count(metric, "sliceWorse");
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
  if ((run + 1) % 20 === 0) process.stderr.write(`  ${run + 1}/${RUNS} runs\n`);
}
const seconds = (performance.now() - started) / 1000;
const pct = (n) => `${((100 * n) / RUNS).toFixed(1)}%`;
console.log(
  `A/A: ${RUNS} runs of ${ROWS} rows, ${RESAMPLES} resamples, ${(segments / RUNS).toFixed(1)} segments and ${(tests / RUNS).toFixed(0)} slice tests per run (seeds ${FIRST_SEED}..${FIRST_SEED + RUNS - 1}; ${seconds.toFixed(0)} s)`,
);
console.log(
  `runs with any segment flagged regressed: ${runsWithRegressedSegment} (${pct(runsWithRegressedSegment)}; target <= 5%)`,
);
console.log(
  `runs with any only_if_significant max_drop: 0 gate failing (any metric): ${runsWithGateFailure} (${pct(runsWithGateFailure)})`,
);
console.log(
  "\nmetric              overall worse   worse on some segment   gate (max_drop 0, only_if_significant) failed",
);
for (const [metric, e] of perMetric) {
  console.log(
    `${metric.padEnd(20)}${pct(e.overallWorse).padStart(13)}${pct(e.sliceWorse).padStart(24)}${pct(e.gateFailed).padStart(24)}`,
  );
}
