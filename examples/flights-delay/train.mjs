#!/usr/bin/env node
// Trains the flights-delay model: will a flight arrive more than 15 minutes late?
// Logistic regression on distance, hour of day, day of week and origin airport, trained in plain
// JavaScript and exported to ONNX. Run it through mlci so its lineage is recorded:
//   npx mlci train --config examples/flights-delay/mlci.yml
// Params come from mlci.yml (models.flights-delay.train.params, passed by `mlci train` in
// MLCI_TRAIN_PARAMS); flags override them: --iterations 300 --top-origins 30 --out model.onnx
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { encodeRows, featureCount, fitFeatureSpec } from "./lib/features.mjs";
import { fitLogistic, predictLogistic } from "./lib/logistic.mjs";
import { logLoss, rocAuc } from "./lib/metrics.mjs";
import { exportOnnx } from "./lib/onnx-export.mjs";

const defaults = { iterations: 400, learning_rate: 0.05, l2: 0.0001, top_origins: 30 };
const fromMlci = JSON.parse(process.env.MLCI_TRAIN_PARAMS || "{}");
const { values: flags } = parseArgs({
  options: {
    iterations: { type: "string" },
    "learning-rate": { type: "string" },
    l2: { type: "string" },
    "top-origins": { type: "string" },
    train: { type: "string", default: "data/train.parquet" },
    test: { type: "string", default: "data/test.parquet" },
    out: { type: "string" },
    // The constant model: always the training delay rate. The baseline any real model must beat.
    constant: { type: "boolean", default: false },
  },
});
const params = { ...defaults, ...fromMlci };
for (const key of ["iterations", "learning-rate", "l2", "top-origins"]) {
  if (flags[key] !== undefined) params[key.replace("-", "_")] = Number(flags[key]);
}
const out = resolve(flags.out ?? process.env.MLCI_MODEL_PATH ?? "models/flights-delay.onnx");

async function readSplit(connection, path) {
  const reader = await connection.runAndReadAll(
    `SELECT CAST(distance AS DOUBLE) AS distance, CAST(hour AS INTEGER) AS hour,
            CAST(day_of_week AS INTEGER) AS day_of_week, origin, CAST(delayed AS INTEGER) AS delayed
     FROM read_parquet('${path.replaceAll("'", "''")}')`,
  );
  const [distance, hour, day_of_week, origin, delayed] = reader.getColumnsJS();
  return { distance, hour, day_of_week, origin, delayed };
}

const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
const connection = await instance.connect();
const train = await readSplit(connection, flags.train);
const test = await readSplit(connection, flags.test);
connection.closeSync();
instance.closeSync();

const spec = fitFeatureSpec(train, params.top_origins);
const started = performance.now();
const rate = train.delayed.reduce((s, y) => s + y, 0) / train.delayed.length;
const constantModel = {
  weights: new Float64Array(featureCount(spec)),
  bias: Math.log(rate / (1 - rate)),
  loss: Number.NaN,
};
const model = flags.constant
  ? constantModel
  : fitLogistic(encodeRows(spec, train), train.delayed, featureCount(spec), {
      iterations: params.iterations,
      learningRate: params.learning_rate,
      l2: params.l2,
    });
console.log(
  flags.constant
    ? `constant model: P(delayed) = ${rate.toFixed(4)} for every flight`
    : `trained on ${train.delayed.length} flights, ${featureCount(spec)} features, ${params.iterations} iterations ` +
        `in ${((performance.now() - started) / 1000).toFixed(1)} s; training log loss ${model.loss.toFixed(4)}`,
);

// Held-out check against the constant model that always predicts the training delay rate.
const p = predictLogistic(model, encodeRows(spec, test));
const constant = new Float64Array(test.delayed.length).fill(rate);
console.log(
  `held out (${test.delayed.length} flights): ROC AUC ${rocAuc(test.delayed, p).toFixed(4)} (constant 0.5000), ` +
    `log loss ${logLoss(test.delayed, p).toFixed(4)} (constant ${logLoss(test.delayed, constant).toFixed(4)})`,
);

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, exportOnnx(model, spec, { params: JSON.stringify(params) }));
console.log(`wrote ${relative(process.cwd(), out) || out}`);
