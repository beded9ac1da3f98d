#!/usr/bin/env node
// Baseline for bench/profile.mjs: ONE DuckDB query over a data file computing, with DuckDB's own
// aggregates, what an mlci profile holds: per numeric column count, mean, variance, min, max, 99
// percentiles (approx_quantile) and a distinct estimate; per text column count, a distinct estimate and
// exact category counts (histogram); per timestamp min, max and a distinct estimate.
import { DuckDBInstance } from "@duckdb/node-api";

const path = process.argv[2];
const reader = path.endsWith(".parquet") ? `read_parquet('${path}')` : `read_csv('${path}', header = true)`;
const instance = await DuckDBInstance.create(":memory:", { memory_limit: "700MB" });
const connection = await instance.connect();
const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}`);
const percentiles = Array.from({ length: 99 }, (_, i) => (i + 1) / 100).join(", ");
const aggregates = ["count(*) AS total"];
for (const row of described.getRowObjectsJS()) {
  const name = `"${String(row.column_name)}"`;
  const type = String(row.column_type);
  if (/INT|DOUBLE|FLOAT|DECIMAL/.test(type)) {
    aggregates.push(
      `count(${name})`,
      `avg(${name})`,
      `var_pop(${name})`,
      `min(${name})`,
      `max(${name})`,
      `approx_quantile(${name}, [${percentiles}])`,
      `approx_count_distinct(${name})`,
    );
  } else if (/TIMESTAMP|DATE/.test(type)) {
    aggregates.push(`count(${name})`, `min(${name})`, `max(${name})`, `approx_count_distinct(${name})`);
  } else {
    aggregates.push(`count(${name})`, `approx_count_distinct(${name})`, `histogram(${name})`);
  }
}
const result = await connection.runAndReadAll(`SELECT ${aggregates.join(", ")} FROM ${reader}`);
console.log(JSON.stringify({ rows: Number(result.getRows()[0]?.[0]) }));
connection.closeSync();
instance.closeSync();
