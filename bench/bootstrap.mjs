#!/usr/bin/env node
// bench: paired bootstrap of 5 metrics, 1M rows x 1000 resamples (< 10 s) vs resample-and-recompute
// Paired-bootstrap benchmark (issue 3): five metrics (accuracy, f1, roc_auc, log_loss, brier) of two
// binary classifiers on 1,000,000 rows with 1000 resamples, target under 10 s on a 2-core machine.
// Also runs, on a smaller n in the same process, a naive baseline (draw n row indices with
// replacement, copy the resample, recompute every metric with the point-estimate functions, which
// sort for ROC AUC) against the fast path, and prints the ratio.
//
// Usage: npm run bench bootstrap            (BOOTSTRAP_ROWS / BOOTSTRAP_RESAMPLES override the size)
import os from "node:os";
import { pairedBootstrap } from "../packages/core/dist/compare/bootstrap.js";
import { Xoshiro128 } from "../packages/core/dist/compare/prng.js";
import { prepareClassifier } from "../packages/core/dist/compare/weighted-metrics.js";
import { classificationMetrics } from "../packages/core/dist/metrics/classification.js";

const ROWS = Number(process.env.BOOTSTRAP_ROWS ?? 1_000_000);
const RESAMPLES = Number(process.env.BOOTSTRAP_RESAMPLES ?? 1000);
const SMALL_ROWS = 50_000;
const SMALL_RESAMPLES = 100;
const METRICS = ["accuracy", "f1", "roc_auc", "log_loss", "brier"];

/** Two correlated binary classifiers with probabilities rounded to 1e-4 (ties, as float32 models give). */
function syntheticPair(n, seed) {
  const rng = new Xoshiro128(seed);
  const u = () => rng.nextUint32() / 2 ** 32;
  const yTrue = new Int32Array(n);
  const head = { proba: new Float64Array(2 * n), yPred: new Int32Array(n) };
  const baseline = { proba: new Float64Array(2 * n), yPred: new Int32Array(n) };
  for (let i = 0; i < n; i++) {
    const y = u() < 0.3 ? 1 : 0;
    yTrue[i] = y;
    const shared = u();
    for (const [model, skill] of [
      [head, 0.35],
      [baseline, 0.3],
    ]) {
      const p = Math.round(Math.min(1, Math.max(0, 0.25 + skill * y + 0.3 * shared + 0.25 * u())) * 1e4) / 1e4;
      model.proba[2 * i] = 1 - p;
      model.proba[2 * i + 1] = p;
      model.yPred[i] = p >= 0.5 ? 1 : 0;
    }
  }
  const classes = ["0", "1"];
  return {
    head: { classes, yTrue, ...head },
    baseline: { classes, yTrue, ...baseline },
  };
}

function timed(fn) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const cpu = process.cpuUsage(cpu0);
  return { value, wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

function prepare(pair) {
  return { head: prepareClassifier(pair.head, "binary"), baseline: prepareClassifier(pair.baseline, "binary") };
}

function fast(pair, resamples) {
  const { head, baseline } = prepare(pair);
  return pairedBootstrap(head, baseline, { metrics: METRICS, resamples, seed: 1 });
}

/** The baseline: classic bootstrap by index resampling, every metric recomputed from scratch. */
function naive(pair, resamples) {
  const n = pair.head.yTrue.length;
  const rng = new Xoshiro128(2);
  const take = (p, idx) => {
    const yTrue = new Int32Array(n);
    const yPred = new Int32Array(n);
    const proba = new Float64Array(2 * n);
    for (let j = 0; j < n; j++) {
      const i = idx[j];
      yTrue[j] = p.yTrue[i];
      yPred[j] = p.yPred[i];
      proba[2 * j] = p.proba[2 * i];
      proba[2 * j + 1] = p.proba[2 * i + 1];
    }
    return { classes: p.classes, yTrue, yPred, proba };
  };
  const deltas = [];
  for (let r = 0; r < resamples; r++) {
    const idx = new Uint32Array(n);
    for (let j = 0; j < n; j++) idx[j] = Math.floor((rng.nextUint32() / 2 ** 32) * n);
    const h = classificationMetrics(take(pair.head, idx), { task: "binary" }).metrics;
    const b = classificationMetrics(take(pair.baseline, idx), { task: "binary" }).metrics;
    deltas.push(METRICS.map((m) => h[m] - b[m]));
  }
  return deltas;
}

const load = () => os.loadavg()[0].toFixed(1);
console.log(`bootstrap: ${os.cpus().length} CPUs, load average ${load()} at start`);

const big = syntheticPair(ROWS, 7);
const prepared = timed(() => prepare(big));
const full = timed(() => fast(big, RESAMPLES));
const auc = full.value.deltas.roc_auc;
console.log(
  `fast paired bootstrap, ${METRICS.length} metrics, ${ROWS.toLocaleString("en")} rows x ${RESAMPLES} resamples: ` +
    `${full.wall.toFixed(2)} s wall, ${full.cpu.toFixed(2)} s CPU (load ${load()}), of which preparing both models ` +
    `(sorts, per-row losses) ${prepared.cpu.toFixed(2)} s CPU; ` +
    `${((1000 * (full.cpu - prepared.cpu)) / RESAMPLES).toFixed(1)} ms CPU per resample; ` +
    `roc_auc delta ${auc.delta.toFixed(4)} [${auc.ci_low.toFixed(4)}, ${auc.ci_high.toFixed(4)}]`,
);

const small = syntheticPair(SMALL_ROWS, 8);
const naiveRun = timed(() => naive(small, SMALL_RESAMPLES));
const fastRun = timed(() => fast(small, SMALL_RESAMPLES));
console.log(
  `${SMALL_ROWS.toLocaleString("en")} rows x ${SMALL_RESAMPLES} resamples: naive resample-and-recompute ` +
    `${naiveRun.cpu.toFixed(2)} s CPU, fast ${fastRun.cpu.toFixed(2)} s CPU: ` +
    `${(naiveRun.cpu / fastRun.cpu).toFixed(1)}x faster`,
);
const perRowNaive = naiveRun.cpu / (SMALL_ROWS * SMALL_RESAMPLES);
console.log(
  `naive extrapolated to ${ROWS.toLocaleString("en")} x ${RESAMPLES}: ~${(perRowNaive * ROWS * RESAMPLES).toFixed(0)} s CPU ` +
    `(${((perRowNaive * ROWS * RESAMPLES) / full.cpu).toFixed(1)}x the fast path)`,
);
