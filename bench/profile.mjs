#!/usr/bin/env node
// bench: profile flights-3m vs one DuckDB query; drift January vs June (two 500k-row CSVs) vs pandas + scipy; profile 10M rows (< 60 s, < 1 GiB)
// In one run, each contender a fresh process (start-up included, as in CI), alternating
// (bench/support/harness.mjs):
//   (a) mlci profile flights-3m.parquet vs ONE DuckDB query computing the same aggregates with DuckDB's
//       own functions (bench/baselines/duckdb-profile.mjs);                                target ≤ 2x
//   (b) drift from two profile.json files, in process (compareProfiles), median of 50;  target < 100 ms
//   (c) mlci drift on January vs June 2001 (two CSVs of about 500k rows) vs the same statistics with
//       pandas + numpy + scipy (bench/baselines/scipy_drift.py, /usr/bin/python3);      target ≥ 3x
//   (d) mlci profile of 10M rows (flights-3m repeated over four years, as Parquet and CSV): wall time
//       and peak memory;                                                     target < 60 s and < 1 GiB
// MLCI_BIN=path/to/mlci.js measures another build of mlci, e.g. the dist bundle (bench/support/harness.mjs).
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { compareProfiles } from "@mlci/core/drift/dataset-drift.js";
import { ensureFlightsCsv, FLIGHTS_PARQUET } from "./support/flights-csv.mjs";
import {
  alternate,
  DATA,
  MLCI,
  median,
  PYTHON,
  printRatio,
  printTable,
  processContender,
  ROOT,
  RUNS,
  ratio,
  saveResult,
  stats,
} from "./support/harness.mjs";
import { formatBytes, measure } from "./support/measure.mjs";

const january = join(DATA, "flights-jan.csv");
const june = join(DATA, "flights-jun.csv");
const tenMillion = join(DATA, "flights-10m.parquet");
const tenMillionCsv = join(DATA, "flights-10m.csv");
const scratch = mkdtempSync(join(tmpdir(), "mlci-bench-profile-"));

await ensureFlightsCsv(january, "month(date) = 1");
await ensureFlightsCsv(june, "month(date) = 6");
if (!existsSync(tenMillion) || !existsSync(tenMillionCsv)) {
  // 10M distinct-enough rows: flights-3m shifted by 0-3 years (delay shifted too), cut at 10M.
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const rows = `SELECT f.date + to_years(CAST(r.i AS INTEGER)) AS date, f.delay + r.i AS delay, f.distance, f.origin, f.destination
    FROM read_parquet('${FLIGHTS_PARQUET}') f, range(4) r(i) LIMIT 10000000`;
  await connection.run(`COPY (${rows}) TO '${tenMillion}.partial' (FORMAT parquet)`);
  await connection.run(
    `COPY (SELECT * FROM read_parquet('${tenMillion}.partial')) TO '${tenMillionCsv}.partial' (FORMAT csv, HEADER)`,
  );
  connection.closeSync();
  instance.closeSync();
  const { renameSync } = await import("node:fs");
  renameSync(`${tenMillion}.partial`, tenMillion);
  renameSync(`${tenMillionCsv}.partial`, tenMillionCsv);
}

// (a) and (c), alternating
const drifted = [0, 1]; // mlci drift exits 1 when the data drifted, as January to June does
const result = await alternate([
  processContender("mlci profile flights-3m.parquet", process.execPath, [
    MLCI,
    "profile",
    FLIGHTS_PARQUET,
    "--out",
    join(scratch, "flights.json"),
  ]),
  processContender("one DuckDB query, same aggregates", process.execPath, [
    join(ROOT, "bench/baselines/duckdb-profile.mjs"),
    FLIGHTS_PARQUET,
  ]),
  processContender(
    "mlci drift, January vs June CSV",
    process.execPath,
    [MLCI, "drift", "--reference", january, "--current", june, "--out", join(scratch, "drift.json")],
    { okStatuses: drifted },
  ),
  processContender("pandas + numpy + scipy, same CSVs", PYTHON, [
    join(ROOT, "bench/baselines/scipy_drift.py"),
    january,
    june,
  ]),
]);

// (b) drift from two profiles, in process
const reference = join(scratch, "jan.json");
const current = join(scratch, "jun.json");
for (const [data, out] of [
  [january, reference],
  [june, current],
]) {
  const run = measure(process.execPath, [MLCI, "profile", data, "--out", out]);
  if (run.status !== 0) throw new Error(`mlci profile ${data} failed: ${run.stderr}`);
}
const [referenceProfile, currentProfile] = [reference, current].map((p) => JSON.parse(readFileSync(p, "utf8")));
const compareMs = median(
  Array.from({ length: 50 }, () => {
    const started = performance.now();
    compareProfiles(referenceProfile, currentProfile);
    return performance.now() - started;
  }),
);

// (d) 10M rows: the time and memory of mlci alone (its target is absolute)
const large = await alternate(
  [
    processContender("mlci profile, 10M rows, Parquet", process.execPath, [
      MLCI,
      "profile",
      tenMillion,
      "--out",
      join(scratch, "10m-parquet.json"),
    ]),
    processContender("mlci profile, 10M rows, CSV (350 MB)", process.execPath, [
      MLCI,
      "profile",
      tenMillionCsv,
      "--out",
      join(scratch, "10m-csv.json"),
    ]),
  ],
  Math.min(RUNS, 3),
);

printTable(result);
printRatio(
  "mlci profile / one DuckDB query",
  ratio(result, "mlci profile flights-3m.parquet", "one DuckDB query, same aggregates"),
  { atMost: 2 },
);
printRatio(
  "pandas + scipy / mlci drift, January vs June",
  ratio(result, "pandas + numpy + scipy, same CSVs", "mlci drift, January vs June CSV"),
  { atLeast: 3 },
);
console.log(`drift from two profiles, in process: ${compareMs.toFixed(1)} ms, median of 50 (target < 100 ms)`);
console.log("");
printTable(large);
for (const [name, runs] of Object.entries(large.samples)) {
  const wall = stats(runs);
  const peak = stats(runs, "peakBytes")?.max;
  const met = wall.max < 60 && (peak === undefined || peak < 2 ** 30);
  console.log(
    `${name}: slowest ${wall.max.toFixed(1)} s, peak ${formatBytes(peak)} (target < 60 s, < 1 GiB) ${met ? "met" : "NOT met"}`,
  );
}
saveResult("profile", result, { compareMs, mlci: MLCI });
saveResult("profile-10m", large, { mlci: MLCI });
