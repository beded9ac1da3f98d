#!/usr/bin/env node
// bench: evaluate 3M flights with one forest vs its floor (DuckDB read + raw session.run), target ≤ 1.3x
// The whole `mlci evaluate` (a fresh process: start-up, DuckDB scan, tensors, onnxruntime, metrics with
// bootstrap intervals, evaluation.json) on the 3M-row vega-datasets flights against the floor it
// cannot beat (bench/support/evaluate-floor.mjs, in this process), alternating (bench/support/harness.mjs).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { flightFeatures } from "../scripts/models/flight-features.mjs";
import { evaluateFloor } from "./support/evaluate-floor.mjs";
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

let rows = 0;
const floor = {
  name: "floor: DuckDB read + session.run",
  run: async () => {
    const result = await evaluateFloor({ data, models: [model], features, target });
    rows = result.rows;
    return result;
  },
};
// --no-cost: the latency measurement is a separate, fixed-size step, not part of scoring the data.
const mlci = processContender("mlci evaluate", process.execPath, [
  MLCI,
  "evaluate",
  ...["--model", model, "--data", data, "--target", target, "--features", features.join(",")],
  ...["--no-cost", "--no-progress", "--out", join(DATA, "evaluation.json")],
]);
const result = await alternate([mlci, floor]);
console.log(`flights: ${rows.toLocaleString("en-US")} rows, ${model}, features ${features.join(",")}`);
printTable(result);
printRatio("mlci / floor", ratio(result, "mlci evaluate", floor.name), { atMost: 1.3 });
saveResult("evaluate", result);
