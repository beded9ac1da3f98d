#!/usr/bin/env node
// bench: evaluate a PR-sized set (50k rows, head and baseline 40-tree forests, 2 slices, 23 segments, 1000 resamples) vs its floor, target ≤ 3x
// What a pull request's evaluation does: `mlci evaluate` of a head model against the production
// baseline on the same 50,000 rows (June 2001 flights), with paired-bootstrap intervals (1000
// resamples) overall and per segment of two slice columns (hour: 24 values, arrival: 3; 23 segments
// reported, 20 at most per column). The floor reads the columns with DuckDB and runs both models
// (bench/support/evaluate-floor.mjs) in a process of its own (evaluate-floor-process.mjs, through evaluate-floor-contender.mjs), timed
// like mlci's: both sides pay Node's start-up and loading DuckDB's and onnxruntime's native
// libraries, which at this size are most of the floor. The target is against that floor.
// Also printed, for comparison with earlier figures: the floor's read + run time inside its process
// (what this benchmark took as the floor before 2026-12-05 19:00, start-up and loading excluded
// from the floor though not from mlci), and mlci against it.
// The forests are trained once by bench/support/make_forests.py (python3-sklearn, python3-onnx).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { flightFeatures } from "../scripts/models/flight-features.mjs";
import { floorProcessContender, inProcessLine } from "./support/evaluate-floor-contender.mjs";
import { FLIGHTS_PARQUET } from "./support/flights-csv.mjs";
import {
  alternate,
  DATA,
  MLCI,
  PYTHON,
  printRatio,
  printTable,
  processContender,
  ROOT,
  ratio,
  saveResult,
} from "./support/harness.mjs";

const data = join(DATA, "flights-pr.parquet");
const head = join(DATA, "pr-head.onnx");
const baseline = join(DATA, "pr-baseline.onnx");
const features = ["distance", "hour", "weekday"];
const target = "delayed";
const out = join(DATA, "evaluation-pr.json");

mkdirSync(DATA, { recursive: true });
if (!existsSync(data)) {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(
    `COPY (SELECT ${flightFeatures()} FROM '${FLIGHTS_PARQUET}' WHERE month(date) = 6 LIMIT 50000) TO '${data}' (FORMAT parquet)`,
  );
  connection.closeSync();
  instance.closeSync();
}
if (!existsSync(head) || !existsSync(baseline)) {
  const made = spawnSync(PYTHON, [join(ROOT, "bench/support/make_forests.py"), DATA], { stdio: "inherit" });
  if (made.status !== 0) throw new Error("bench/support/make_forests.py failed (needs python3-sklearn, python3-onnx)");
}

const floor = floorProcessContender({ data, target, features, models: [head, baseline] });
const mlci = processContender("mlci evaluate, head vs baseline", process.execPath, [
  MLCI,
  "evaluate",
  ...["--model", head, "--baseline", baseline, "--data", data, "--target", target, "--task", "binary"],
  ...["--features", features.join(","), "--slice", "hour", "--slice", "arrival", "--resamples", "1000"],
  ...["--no-cost", "--no-progress", "--out", out],
]);
const result = await alternate([mlci, floor]);
const evaluation = JSON.parse(readFileSync(out, "utf8"));
const segments = (evaluation.slices ?? []).length;
console.log(
  `flights, June 2001: ${result.samples[floor.name][0].rows.toLocaleString("en-US")} rows; 2 forests of 40 trees; slices hour, arrival (${segments} segments reported); 1000 resamples`,
);
printTable(result);
const inProcess = inProcessLine(result, mlci.name, floor.name);
console.log(inProcess.text);
printRatio("mlci / floor", ratio(result, mlci.name, floor.name), { atMost: 3 });
saveResult("evaluate-pr", result, { segments, floorInProcessSeconds: inProcess.inProcessMedian });
