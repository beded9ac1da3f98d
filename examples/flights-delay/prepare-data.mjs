#!/usr/bin/env node
// Derives the example's data from the flights of vega-datasets (US domestic flights, Jan-Jun 2001):
//   data/train.parquet  January-March sample: what the model is trained on
//   data/test.parquet   April sample: held out, what models are evaluated and compared on
//   data/later.parquet  June sample: "production" data of a later month, for the drift check
// A deterministic 3% sample (by a hash of each row, so every run and machine picks the same rows)
// keeps the files small enough to commit while leaving tens of thousands of flights per split.
import { mkdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "../../node_modules/vega-datasets/data/flights-3m.parquet");
const SAMPLE_PERCENT = 3;

const splits = {
  train: "date >= '2001-01-01' AND date < '2001-04-01'",
  test: "date >= '2001-04-01' AND date < '2001-05-01'",
  later: "date >= '2001-06-01' AND date < '2001-07-01'",
};

// The label (delayed: arrived more than 15 minutes late, the US DOT's definition of a delayed
// flight) and the features the model reads, derived once here so that training, evaluation and
// drift all see the same columns.
const columns = `
  date,
  CAST(distance AS BIGINT) AS distance,
  CAST(hour(date) AS BIGINT) AS hour,
  CAST(dayofweek(date) AS BIGINT) AS day_of_week,
  origin,
  destination,
  CAST(delay AS BIGINT) AS delay,
  CAST(delay > 15 AS BIGINT) AS delayed`;

const { values } = parseArgs({ options: { "out-dir": { type: "string", default: join(here, "data") } } });
const outDir = values["out-dir"];
mkdirSync(outDir, { recursive: true });
const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
const connection = await instance.connect();
for (const [name, where] of Object.entries(splits)) {
  const out = join(outDir, `${name}.parquet`);
  await connection.run(`
    COPY (
      SELECT ${columns} FROM read_parquet('${source}')
      WHERE ${where} AND hash(date, origin, destination, delay, distance) % 100 < ${SAMPLE_PERCENT}
      ORDER BY date, origin, destination
    ) TO '${out}' (FORMAT parquet, COMPRESSION zstd)`);
  const count = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n, avg(delayed) AS rate FROM '${out}'`);
  const [row] = count.getRowObjectsJS();
  console.log(
    `${name.padEnd(6)} ${String(row.n).padStart(6)} flights, ${(row.rate * 100).toFixed(1)}% delayed -> ${relative(process.cwd(), out)}`,
  );
}
connection.closeSync();
instance.closeSync();
