#!/usr/bin/env node
// Benchmark: the whole `mlci evaluate` (process start, DuckDB scan, tensors, onnxruntime, metrics,
// evaluation.json) on the 3M-row vega-datasets flights against the floor it cannot beat: reading the
// same columns with DuckDB plus raw session.run on tensors built beforehand, in the same run.
// Target: ratio <= 1.3. The floor runs in this process (its tensors built untimed); mlci runs as a
// fresh process (start-up included, as in CI). Median of BENCH_RUNS runs (default 3) of each,
// alternated so load from other processes hits both alike. `npm run bench evaluate`.
import { existsSync, mkdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { DuckDBInstance } from "@duckdb/node-api";
import ort from "onnxruntime-node";
import { flightFeatures } from "../scripts/models/flight-features.mjs";
import { formatBytes, measure } from "./support/measure.mjs";

const SOURCE = "node_modules/vega-datasets/data/flights-3m.parquet";
const DATA = "bench/.data/flights-eval.parquet";
const MODEL = "packages/model/test-data/flights_forest.onnx";
const FEATURES = ["distance", "hour", "weekday"];
const TARGET = "delayed";
const BATCH = 65_536; // the batch size mlci uses (packages/engine/src/column-batches.ts)
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function prepareData() {
  if (existsSync(DATA)) return;
  mkdirSync("bench/.data", { recursive: true });
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(`COPY (SELECT ${flightFeatures()} FROM '${SOURCE}') TO '${DATA}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
}

/** The floor: DuckDB reads the columns into typed arrays, then session.run on pre-built tensors. */
async function floor() {
  const columns = [...FEATURES, TARGET];
  const readCpu = process.cpuUsage();
  const readStarted = performance.now();
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const result = await connection.stream(
    `SELECT ${columns.map((c) => `CAST(${c} AS DOUBLE)`).join(", ")} FROM read_parquet('${DATA}')`,
  );
  const chunks = [];
  let rows = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const arrays = columns.map((_, j) => {
      const vector = chunk.getColumnVector(j);
      const out = new Float64Array(chunk.rowCount);
      for (let i = 0; i < chunk.rowCount; i++) out[i] = vector.getItem(i) ?? Number.NaN;
      return out;
    });
    chunks.push(arrays);
    rows += chunk.rowCount;
  }
  const readMs = performance.now() - readStarted;
  const readCpuMs = cpuMs(process.cpuUsage(readCpu));
  connection.closeSync();
  instance.closeSync();

  // Pre-built tensors (not timed): row-major float32 [BATCH, 3], as the model wants.
  const matrix = new Float32Array(rows * FEATURES.length);
  let offset = 0;
  for (const arrays of chunks) {
    const n = arrays[0].length;
    for (let i = 0; i < n; i++) for (let j = 0; j < FEATURES.length; j++) matrix[(offset + i) * 3 + j] = arrays[j][i];
    offset += n;
  }
  const tensors = [];
  for (let start = 0; start < rows; start += BATCH) {
    const n = Math.min(BATCH, rows - start);
    tensors.push(new ort.Tensor("float32", matrix.subarray(start * 3, (start + n) * 3), [n, 3]));
  }
  const session = await ort.InferenceSession.create(MODEL, { graphOptimizationLevel: "all" });
  const runCpu = process.cpuUsage();
  const runStarted = performance.now();
  for (const input of tensors) await session.run({ input });
  const runMs = performance.now() - runStarted;
  const runCpuMs = cpuMs(process.cpuUsage(runCpu));
  await session.release();
  return { rows, readMs, runMs, totalMs: readMs + runMs, cpuMs: readCpuMs + runCpuMs };
}

function cpuMs(usage) {
  return (usage.user + usage.system) / 1000;
}

function wholeCommand() {
  const run = measure(process.execPath, [
    "packages/cli/bin/mlci.js",
    "evaluate",
    "--model",
    MODEL,
    "--data",
    DATA,
    "--target",
    TARGET,
    "--features",
    FEATURES.join(","),
    "--no-cost",
    "--no-progress",
    "--out",
    "bench/.data/evaluation.json",
  ]);
  if (run.status !== 0) throw new Error(`mlci evaluate failed (${run.status}): ${run.stderr}`);
  return run;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

await prepareData();
const floors = [];
const wholes = [];
for (let r = 0; r < RUNS; r++) {
  floors.push(await floor());
  wholes.push(wholeCommand());
}
const rows = floors[0].rows;
const floorMs = median(floors.map((f) => f.totalMs));
const readMs = median(floors.map((f) => f.readMs));
const runMs = median(floors.map((f) => f.runMs));
const floorCpuMs = median(floors.map((f) => f.cpuMs));
const wholeMs = median(wholes.map((w) => w.seconds * 1000));
const wholeCpu = wholes.every((w) => w.cpuSeconds !== undefined)
  ? median(wholes.map((w) => w.cpuSeconds * 1000))
  : undefined;
const peak = Math.max(...wholes.map((w) => w.peakBytes ?? 0));
const ratio = wholeMs / floorMs;
const [load1] = loadavg();
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `flights-3m: ${rows.toLocaleString("en-US")} rows, ${MODEL}, features ${FEATURES.join(",")}; median of ${RUNS}`,
);
console.log(`machine: ${cpus().length} cores, load average ${load1.toFixed(1)} at the end; Node ${process.version}`);
console.log(`  floor: DuckDB read ${s(readMs)} + session.run ${s(runMs)} = ${s(floorMs)} (CPU ${s(floorCpuMs)})`);
console.log(
  `  mlci evaluate, whole process: ${s(wholeMs)}${wholeCpu === undefined ? "" : ` (CPU ${s(wholeCpu)})`}, ${Math.round(rows / (wholeMs / 1000)).toLocaleString("en-US")} rows/s, peak memory ${formatBytes(peak || undefined)}`,
);
console.log(
  `  mlci / floor: wall ${ratio.toFixed(2)}x${wholeCpu === undefined ? "" : `, CPU ${(wholeCpu / floorCpuMs).toFixed(2)}x`} (target <= 1.3x)`,
);
