#!/usr/bin/env node
// Writes packages/model/test-data/flights-sample.csv: a seeded sample of the vega-datasets flights
// (Jan-Jun 2001) with the features and targets the test models use. make_test_models.py trains on it,
// so the test models see real data while the fixtures stay small. Run from the repository root.
import { DuckDBInstance } from "@duckdb/node-api";
import { flightFeatures } from "./flight-features.mjs";

const SOURCE = "node_modules/vega-datasets/data/flights-3m.parquet";
const OUT = "packages/model/test-data/flights-sample.csv";
const ROWS = 3000;

const instance = await DuckDBInstance.create(":memory:");
const connection = await instance.connect();
await connection.run(`
  COPY (
    SELECT ${flightFeatures()}
    FROM '${SOURCE}'
    USING SAMPLE reservoir(${ROWS} ROWS) REPEATABLE (42)
    ORDER BY date, origin, destination
  ) TO '${OUT}' (HEADER, DELIMITER ',')`);
console.log(`wrote ${OUT}`);
