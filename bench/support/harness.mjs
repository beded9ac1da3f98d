// The benchmark harness: runs mlci and its baselines alternately (round r starts with contender r mod
// n, so neither always runs right after the other), BENCH_RUNS rounds (default 5), and reports per
// contender the median with the spread (min to max), CPU time and peak memory, the ratios of the
// medians with the spread of the per-round ratios, and the machine's load before and during the runs.
// A figure taken with a load average above half the cores is marked as measured under load.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { formatBytes, measure } from "./measure.mjs";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
/**
 * The CLI under test: this checkout's compiled packages, or with MLCI_BIN another build, e.g. the
 * bundle users install (`npm run dist`, then MLCI_BIN=.mlci-out/release/mlci-VERSION-OS-ARCH/dist/mlci.js).
 */
export const MLCI = process.env.MLCI_BIN ? resolve(process.env.MLCI_BIN) : join(ROOT, "packages/cli/bin/mlci.js");
export const PYTHON = "/usr/bin/python3";
export const DATA = join(ROOT, "bench/.data");
export const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));

/**
 * A contender is { name, run(round) }, where run returns a measurement ({ seconds, cpuSeconds?,
 * peakBytes? }, plus anything the benchmark reads afterwards). This one spawns a process per run and
 * fails the benchmark on an unexpected exit status.
 */
export function processContender(name, command, args, { okStatuses = [0], options } = {}) {
  return {
    name,
    run() {
      const run = measure(command, typeof args === "function" ? args() : args, options);
      if (!okStatuses.includes(run.status)) {
        throw new Error(`${name} failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
      }
      return run;
    },
  };
}

/** Runs the contenders alternately, `runs` rounds; returns every measurement and the loads seen. */
export async function alternate(contenders, runs = RUNS) {
  const samples = Object.fromEntries(contenders.map((c) => [c.name, []]));
  const before = loadavg()[0];
  const during = [];
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const contender = contenders[(round + k) % contenders.length];
      samples[contender.name].push(await contender.run(round));
    }
    during.push(loadavg()[0]);
  }
  return { samples, runs, load: { before, max: Math.max(...during), after: loadavg()[0] } };
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Median, min and max of one field of a contender's measurements (undefined when not measured). */
export function stats(measurements, field = "seconds") {
  const values = measurements.map((m) => m[field]).filter((v) => v !== undefined && v !== null);
  if (values.length === 0) return undefined;
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

/**
 * How many times larger `top`'s median is than `bottom`'s, with the spread of the per-round ratios
 * (round r of one against round r of the other, which ran next to each other).
 */
export function ratio(result, top, bottom, field = "seconds") {
  const a = result.samples[top].map((m) => m[field]);
  const b = result.samples[bottom].map((m) => m[field]);
  if (a.some((v) => v === undefined) || b.some((v) => v === undefined)) return undefined;
  const perRound = a.map((v, i) => v / b[i]);
  return { value: median(a) / median(b), min: Math.min(...perRound), max: Math.max(...perRound) };
}

/** True when the machine was busy before the runs started (load average above half the cores). */
export function underLoad(result) {
  return result.load.before > cpus().length / 2;
}

export function describeLoad(result) {
  const { before, max, after } = result.load;
  const mark = underLoad(result) ? " — MEASURED UNDER LOAD: not a figure to publish" : " (quiet)";
  return `load average (1 min) ${before.toFixed(2)} before, ${max.toFixed(2)} at most during, ${after.toFixed(2)} after, ${cpus().length} cores${mark}`;
}

const seconds = (s) => (s === undefined ? "n/a" : `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`);

/** Prints the contenders' table: wall and CPU seconds as median (min–max), and the largest peak memory. */
export function printTable(result) {
  console.log(`${result.runs} rounds, alternating; Node ${process.version}; ${describeLoad(result)}`);
  console.log(
    `mlci: ${process.env.MLCI_BIN ? MLCI : "this checkout's compiled packages (MLCI_BIN=path runs another build)"}`,
  );
  console.log("| run | wall s, median (min–max) | CPU s, median (min–max) | peak memory |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const [name, measurements] of Object.entries(result.samples)) {
    const peak = stats(measurements, "peakBytes");
    console.log(
      `| ${name} | ${seconds(stats(measurements))} | ${seconds(stats(measurements, "cpuSeconds"))} | ${formatBytes(peak?.max)} |`,
    );
  }
}

/**
 * Prints one ratio (from `ratio`) against its target, { atLeast } or { atMost }, and returns whether
 * the target was met. "pandas / mlci ≥ 3x" reads: mlci at least 3 times faster than pandas.
 */
export function printRatio(label, r, target) {
  if (r === undefined) {
    console.log(`${label}: n/a`);
    return false;
  }
  const met = target.atLeast !== undefined ? r.value >= target.atLeast : r.value <= target.atMost;
  const goal = target.atLeast !== undefined ? `≥ ${target.atLeast}x` : `≤ ${target.atMost}x`;
  console.log(
    `${label}: ${r.value.toFixed(2)}x (rounds ${r.min.toFixed(2)}x–${r.max.toFixed(2)}x), target ${goal} ${met ? "met" : "NOT met"}`,
  );
  return met;
}

/** Keeps the run's figures in bench/.data/results/<name>.json for the README's table. */
export function saveResult(name, result, extra = {}) {
  const path = join(DATA, "results", `${name}.json`);
  mkdirSync(dirname(path), { recursive: true });
  const summary = Object.fromEntries(
    Object.entries(result.samples).map(([contender, measurements]) => [
      contender,
      {
        wall: stats(measurements),
        cpu: stats(measurements, "cpuSeconds"),
        peakBytes: stats(measurements, "peakBytes")?.max,
      },
    ]),
  );
  const record = {
    name,
    at: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    runs: result.runs,
    load: result.load,
    underLoad: underLoad(result),
    summary,
    ...extra,
  };
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`figures kept in ${path}`);
}
