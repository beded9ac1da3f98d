#!/usr/bin/env node
// Benchmark of `mlci profile` and `mlci drift` (issue: scheduled drift checks), in one run:
//   (a) mlci profile flights-3m.parquet vs ONE DuckDB query computing the same aggregates with DuckDB's
//       own functions (bench/baselines/duckdb-profile.mjs);                       target <= 2x
//   (b) drift from two profile.json files, in process (compareProfiles), median of 50; target < 100 ms
//   (c) end to end on CSV: mlci drift on Jan-Mar vs Apr-Jun (1.5M rows each) vs the same statistics
//       with pandas + numpy + scipy (bench/baselines/scipy_drift.py, /usr/bin/python3); target >= 3x
// Each run is a fresh process (start-up included, as in CI), median of RUNS runs.
import { mkdtempSync, readFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compareProfiles } from "@mlci/core/drift/dataset-drift.js";
import { ensureFlightsCsv } from "./support/flights-csv.mjs";
import { formatBytes, measure, medianOf } from "./support/measure.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const parquet = join(root, "node_modules/vega-datasets/data/flights-3m.parquet");
const dataDirectory = join(root, "bench/.data");
const firstHalf = join(dataDirectory, "flights-jan-mar.csv");
const secondHalf = join(dataDirectory, "flights-apr-jun.csv");
const mlci = join(root, "packages/cli/bin/mlci.js");
const python = "/usr/bin/python3";
const scratch = mkdtempSync(join(tmpdir(), "mlci-bench-profile-"));

/** The two CSV halves of flights-3m, written once. */

function checked(what, run, okStatuses = [0]) {
  if (!okStatuses.includes(run.status)) {
    console.error(`${what} failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    process.exit(1);
  }
  return run;
}

const timed = (what, command, args, okStatuses) =>
  checked(
    what,
    medianOf(RUNS, () => measure(command, args)),
    okStatuses,
  );

function ratio(a, b) {
  return `${(a / b).toFixed(2)}x`;
}

function ratios(a, b) {
  const cpu =
    a.cpuSeconds !== undefined && b.cpuSeconds !== undefined ? `, CPU ${ratio(a.cpuSeconds, b.cpuSeconds)}` : "";
  return `wall ${ratio(a.seconds, b.seconds)}${cpu}`;
}

await ensureFlightsCsv(firstHalf, "month(date) IN (1, 2, 3)");
await ensureFlightsCsv(secondHalf, "month(date) IN (4, 5, 6)");
const rows = [];

// (a) profiling vs one DuckDB scan
const profileOut = join(scratch, "flights.json");
const profile = timed("mlci profile", process.execPath, [mlci, "profile", parquet, "--out", profileOut]);
const duck = timed("DuckDB baseline", process.execPath, [join(root, "bench/baselines/duckdb-profile.mjs"), parquet]);
rows.push(["mlci profile flights-3m.parquet", profile], ["(a) one DuckDB query, same aggregates", duck]);

// (b) drift from two profiles, in process
const reference = join(scratch, "jan-mar.json");
const current = join(scratch, "apr-jun.json");
checked("profile jan-mar", measure(process.execPath, [mlci, "profile", firstHalf, "--out", reference]));
checked("profile apr-jun", measure(process.execPath, [mlci, "profile", secondHalf, "--out", current]));
const [refProfile, curProfile] = [reference, current].map((p) => JSON.parse(readFileSync(p, "utf8")));
const driftTimes = Array.from({ length: 50 }, () => {
  const started = performance.now();
  compareProfiles(refProfile, curProfile);
  return performance.now() - started;
}).sort((a, b) => a - b);
const driftMs = driftTimes[25];
const driftCli = timed(
  "mlci drift on profiles",
  process.execPath,
  [mlci, "drift", "--reference", reference, "--current", current],
  [0, 1],
);

// (c) end to end on CSV vs pandas + scipy
const e2e = timed(
  "mlci drift on CSV",
  process.execPath,
  [mlci, "drift", "--reference", firstHalf, "--current", secondHalf],
  [0, 1],
);
const scipy = timed("scipy baseline", python, [join(root, "bench/baselines/scipy_drift.py"), firstHalf, secondHalf]);
rows.push(
  ["mlci drift, two profile.json (CLI)", driftCli],
  ["mlci drift, two CSVs of 1.5M rows", e2e],
  ["(c) pandas + numpy + scipy, same CSVs", scipy],
);

const [load1] = loadavg();
console.log(
  `flights-3m, ${RUNS} runs each (median); machine: ${cpus().length} cores, load ${load1.toFixed(1)}; Node ${process.version}`,
);
console.log("| run | wall s | CPU s | peak memory |\n| --- | ---: | ---: | ---: |");
for (const [what, run] of rows) {
  console.log(
    `| ${what} | ${run.seconds.toFixed(2)} | ${run.cpuSeconds?.toFixed(2) ?? "n/a"} | ${formatBytes(run.peakBytes)} |`,
  );
}
console.log("");
console.log(`mlci profile / one DuckDB query (parquet): ${ratios(profile, duck)} (target <= 2x)`);
console.log(`drift from two profiles, in process:       ${driftMs.toFixed(1)} ms median of 50 (target < 100 ms)`);
console.log(`scipy / mlci drift end to end on CSV:      ${ratios(scipy, e2e)} (target >= 3x)`);
