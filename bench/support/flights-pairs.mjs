// Pairs of real models of equal expected quality for bench/aa.mjs (AA_PAIRS=flights): two logistic
// regressions trained exactly as examples/flights-delay/train.mjs trains its model (same features,
// same fit), each on its own random sample of January-March 2001 flights, scored on one random sample
// of April 2001 flights, with the origin airport and the day of the week as slice columns. The two
// training samples are disjoint draws of one distribution, so neither model is better by design; they
// differ by training noise, as two retrainings of one pipeline do.
import { DuckDBInstance } from "@duckdb/node-api";
import { encodeRows, featureCount, fitFeatureSpec } from "../../examples/flights-delay/lib/features.mjs";
import { fitLogistic, predictLogistic } from "../../examples/flights-delay/lib/logistic.mjs";
import { seededRandom } from "../../packages/core/dist/testing/random.js";
import { FLIGHTS_PARQUET } from "./flights-csv.mjs";

/** The example's defaults (examples/flights-delay/train.mjs). */
const FIT = { iterations: 400, learningRate: 0.05, l2: 0.0001 };
const TOP_ORIGINS = 30;
const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

async function readRows(connection, where) {
  const reader = await connection.runAndReadAll(
    `SELECT CAST(distance AS DOUBLE) AS distance, CAST(hour(date) AS INTEGER) AS hour,
            CAST(dayofweek(date) AS INTEGER) AS day_of_week, origin, CAST(delay > 15 AS INTEGER) AS delayed
     FROM read_parquet('${FLIGHTS_PARQUET}') WHERE ${where}`,
  );
  const [distance, hour, day_of_week, origin, delayed] = reader.getColumnsJS();
  return { distance, hour, day_of_week, origin, delayed };
}

/** The rows at `indices` of every column. */
function pick(rows, indices) {
  const out = {};
  for (const [name, values] of Object.entries(rows)) out[name] = Array.from(indices, (i) => values[i]);
  return out;
}

/** The first `count` entries of a seeded Fisher-Yates shuffle of 0..n-1. */
function sample(random, n, count) {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (n - i));
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order.subarray(0, count);
}

function train(rows) {
  const spec = fitFeatureSpec(rows, TOP_ORIGINS);
  return { spec, model: fitLogistic(encodeRows(spec, rows), rows.delayed, featureCount(spec), FIT) };
}

function predictions({ spec, model }, test) {
  const p = predictLogistic(model, encodeRows(spec, test));
  const proba = new Float64Array(2 * p.length);
  const yPred = new Int32Array(p.length);
  p.forEach((v, i) => {
    proba[2 * i] = 1 - v;
    proba[2 * i + 1] = v;
    yPred[i] = v >= 0.5 ? 1 : 0;
  });
  return {
    task: "binary",
    predictions: { classes: ["0", "1"], yTrue: Int32Array.from(test.delayed), yPred, proba },
  };
}

function sliceColumn(column, values) {
  const segments = [...new Set(values)].sort();
  const index = new Map(segments.map((s, i) => [s, i]));
  return { column, segments: segments.map(String), codes: Int32Array.from(values, (v) => index.get(v)) };
}

/** Loads the pools once; returns pair(seed) -> { head, baseline, slices }. */
export async function flightsPairs({ trainRows, testRows }) {
  const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  const connection = await instance.connect();
  const trainPool = await readRows(connection, "date >= '2001-01-01' AND date < '2001-04-01'");
  const testPool = await readRows(connection, "date >= '2001-04-01' AND date < '2001-05-01'");
  connection.closeSync();
  instance.closeSync();
  const trainSize = trainPool.delayed.length;
  const testSize = testPool.delayed.length;
  if (2 * trainRows > trainSize || testRows > testSize) {
    throw new Error(`flights pairs need ${2 * trainRows} training and ${testRows} test rows`);
  }
  return (seed) => {
    const random = seededRandom(seed);
    const both = sample(random, trainSize, 2 * trainRows);
    const a = train(pick(trainPool, both.subarray(0, trainRows)));
    const b = train(pick(trainPool, both.subarray(trainRows)));
    const test = pick(testPool, sample(random, testSize, testRows));
    return {
      head: predictions(a, test),
      baseline: predictions(b, test),
      slices: [
        sliceColumn("origin", test.origin),
        sliceColumn(
          "weekday",
          test.day_of_week.map((d) => DAY_NAMES[d]),
        ),
      ],
    };
  };
}
