#!/usr/bin/env node
// Benchmark of `mlci validate` (issue: data contracts). On flights-3m (3M rows) as Parquet and as CSV,
// with the 14 checks of bench/flights.schema.yml, in one run:
//   (a) one hand-written DuckDB query computing the same checks (bench/baselines/duckdb-checks.mjs),
//   (b) the same checks in pandas on the CSV (bench/baselines/pandas_checks.py, /usr/bin/python3).
// Each is a fresh process (start-up included, as in CI), median of RUNS runs; peak memory is the max RSS.
// Targets: mlci within 1.5x of (a); at least 5x faster than (b) on CSV; peak memory under 1 GiB.
import { mkdtempSync, readFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureFlightsCsv } from "./support/flights-csv.mjs";
import { canMeasureMemory, formatBytes, measure, medianOf } from "./support/measure.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const parquet = join(root, "node_modules/vega-datasets/data/flights-3m.parquet");
const dataDirectory = join(root, "bench/.data");
const csv = join(dataDirectory, "flights-3m.csv");
const contract = join(root, "bench/flights.schema.yml");
const mlci = join(root, "packages/cli/bin/mlci.js");
const python = "/usr/bin/python3";

function failIfBroken(what, run) {
  if (run.status !== 0) {
    console.error(`${what} failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    process.exit(1);
  }
  return run;
}

function runMlci(data) {
  const out = join(mkdtempSync(join(tmpdir(), "mlci-bench-")), "validation.json");
  const run = medianOf(RUNS, () =>
    measure(process.execPath, [mlci, "validate", data, "--schema", contract, "--out", out]),
  );
  // Exit 1 would mean a failed check: the contract passes on this data, so only 0 is a valid run.
  failIfBroken(`mlci validate ${data}`, run);
  const validation = JSON.parse(readFileSync(out, "utf8"));
  return { ...run, failing: validation.checks.reduce((sum, check) => sum + check.failing_rows, 0) };
}

function runBaseline(what, command, args) {
  const run = failIfBroken(
    what,
    medianOf(RUNS, () => measure(command, args)),
  );
  return { ...run, counts: JSON.parse(run.stdout.trim().split("\n").at(-1)) };
}

function ratio(a, b) {
  return `${(a / b).toFixed(2)}x`;
}

/** The ratio of wall times, and of CPU times when measured (steadier on a shared machine). */
function ratios(a, b) {
  const cpu =
    a.cpuSeconds !== undefined && b.cpuSeconds !== undefined ? `, CPU ${ratio(a.cpuSeconds, b.cpuSeconds)}` : "";
  return `wall ${ratio(a.seconds, b.seconds)}${cpu}`;
}

if (await ensureFlightsCsv(csv)) console.log(`wrote ${csv}`);
const rows = [];
const results = {};
for (const [format, data] of [
  ["parquet", parquet],
  ["csv", csv],
]) {
  const mine = runMlci(data);
  const duck = runBaseline(`DuckDB baseline on ${format}`, process.execPath, [
    join(root, "bench/baselines/duckdb-checks.mjs"),
    data,
  ]);
  results[format] = { mine, duck };
  rows.push([format, "mlci validate", mine]);
  rows.push([format, "(a) one DuckDB query", duck]);
  if (format === "csv") {
    const pandas = runBaseline("pandas baseline", python, [join(root, "bench/baselines/pandas_checks.py"), data]);
    results.csv.pandas = pandas;
    rows.push([format, "(b) pandas", pandas]);
    // The baselines must agree, or the comparison is between different work.
    const differ = Object.keys(duck.counts).filter((key) => Number(duck.counts[key]) !== Number(pandas.counts[key]));
    if (differ.length > 0) console.warn(`warning: DuckDB and pandas baselines disagree on ${differ.join(", ")}`);
  }
}

const [load1] = loadavg();
console.log(`flights-3m, ${RUNS} runs each (median), contract bench/flights.schema.yml`);
console.log(`machine: ${cpus().length} cores, load average ${load1.toFixed(1)} at the end; Node ${process.version}`);
console.log("| format | run | wall s | CPU s | peak memory |\n| --- | --- | ---: | ---: | ---: |");
for (const [format, what, run] of rows) {
  const cpu = run.cpuSeconds?.toFixed(2) ?? "n/a";
  console.log(`| ${format} | ${what} | ${run.seconds.toFixed(2)} | ${cpu} | ${formatBytes(run.peakBytes)} |`);
}
const peak = Math.max(results.parquet.mine.peakBytes ?? 0, results.csv.mine.peakBytes ?? 0);
console.log("");
console.log(`mlci / DuckDB query, parquet: ${ratios(results.parquet.mine, results.parquet.duck)} (target <= 1.5x)`);
console.log(`mlci / DuckDB query, csv:     ${ratios(results.csv.mine, results.csv.duck)} (target <= 1.5x)`);
console.log(`pandas / mlci, csv:           ${ratios(results.csv.pandas, results.csv.mine)} (target >= 5x)`);
console.log(
  `mlci peak memory:             ${canMeasureMemory ? formatBytes(peak) : "n/a (no /usr/bin/time)"} (target < 1 GiB)`,
);
