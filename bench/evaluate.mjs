#!/usr/bin/env node
// bench: evaluate 3M flights with one forest vs its floor (a process: DuckDB read + raw session.run), target ≤ 1.3x
// The whole `mlci evaluate` (a fresh process: start-up, DuckDB scan, tensors, onnxruntime, metrics,
// evaluation.json) on the 3M-row vega-datasets flights against the floor it cannot beat
// (bench/support/evaluate-floor.mjs) run as a process too (evaluate-floor-process.mjs), so Node's
// start-up and loading DuckDB and onnxruntime are on both sides, as in bench/evaluate-pr.mjs;
// alternating (bench/support/harness.mjs). Also printed: mlci against the floor's read + run inside
// its process (start-up and loading excluded: this benchmark's floor before 2026-12-05 19:15).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { flightFeatures } from "../scripts/models/flight-features.mjs";
import { floorProcessContender, inProcessLine } from "./support/evaluate-floor-contender.mjs";
import { FLIGHTS_PARQUET } from "./support/flights-csv.mjs";
import {
  alternate,
  DATA,
  MLCI,
  printRatio,
  printTable,
  processContender,
  ROOT,
  ratio,
  saveResult,
} from "./support/harness.mjs";

const data = join(DATA, "flights-eval.parquet");
const model = join(ROOT, "packages/model/test-data/flights_forest.onnx");
const features = ["distance", "hour", "weekday"];
const target = "delayed";

if (!existsSync(data)) {
  mkdirSync(DATA, { recursive: true });
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(`COPY (SELECT ${flightFeatures()} FROM '${FLIGHTS_PARQUET}') TO '${data}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
}

const floor = floorProcessContender({ data, target, features, models: [model] });
// --no-cost: the latency measurement is a separate, fixed-size step, not part of scoring the data.
const mlci = processContender("mlci evaluate", process.execPath, [
  MLCI,
  "evaluate",
  ...["--model", model, "--data", data, "--target", target, "--features", features.join(",")],
  ...["--no-cost", "--no-progress", "--out", join(DATA, "evaluation.json")],
]);
const result = await alternate([mlci, floor]);
const rows = result.samples[floor.name][0].rows;
console.log(`flights: ${rows.toLocaleString("en-US")} rows, ${model}, features ${features.join(",")}`);
printTable(result);
const inProcess = inProcessLine(result, "mlci evaluate", floor.name);
console.log(inProcess.text);
printRatio("mlci / floor", ratio(result, "mlci evaluate", floor.name), { atMost: 1.3 });
saveResult("evaluate", result, { floorInProcessSeconds: inProcess.inProcessMedian });
