// Baseline of bench/validate.mjs: the 19 checks of bench/flights-january.schema.yml as one
// hand-written DuckDB query, the way a person would write it: failing-row counts only, no example rows,
// DuckDB's defaults. Usage: node bench/baselines/duckdb-checks.mjs DATA (.parquet or .csv).
// Prints the counts as JSON, keyed as the benchmark keys mlci's validation.json.
import { DuckDBInstance } from "@duckdb/node-api";

const path = process.argv[2];
const source = path.endsWith(".parquet") ? `read_parquet('${path}')` : `read_csv('${path}', header = true)`;
const instance = await DuckDBInstance.create(":memory:");
const connection = await instance.connect();
const reader = await connection.runAndReadAll(`
  WITH data AS (SELECT * FROM ${source})
  SELECT
    count(*)                                                                AS "rows",
    count(*) FILTER (WHERE TRY_CAST(date AS TIMESTAMP) IS NULL AND date IS NOT NULL) AS "date.type",
    count(*) FILTER (WHERE date IS NULL)                                    AS "date.not_null",
    count(*) FILTER (WHERE date < TIMESTAMP '2001-01-01 00:01:00')          AS "date.min",
    count(*) FILTER (WHERE date > TIMESTAMP '2001-01-31 23:57:00')          AS "date.max",
    count(*) FILTER (WHERE delay <> trunc(delay))                           AS "delay.type",
    count(*) FILTER (WHERE delay IS NULL)                                   AS "delay.not_null",
    count(*) FILTER (WHERE delay < -80)                                     AS "delay.min",
    count(*) FILTER (WHERE delay > 1688)                                    AS "delay.max",
    count(*) FILTER (WHERE distance <> trunc(distance))                     AS "distance.type",
    count(*) FILTER (WHERE distance IS NULL)                                AS "distance.not_null",
    count(*) FILTER (WHERE distance < 21)                                   AS "distance.min",
    count(*) FILTER (WHERE distance > 4962)                                 AS "distance.max",
    0                                                                       AS "origin.type",
    count(*) FILTER (WHERE origin IS NULL)                                  AS "origin.not_null",
    0                                                                       AS "destination.type",
    count(*) FILTER (WHERE destination IS NULL)                             AS "destination.not_null",
    CASE WHEN count(*) >= 1 THEN 0 ELSE 1 END                               AS "row_count",
    count(*) - (SELECT count(*) FROM (SELECT DISTINCT * FROM data))         AS "duplicate_rows",
    count(*) FILTER (WHERE NOT (delay <= 1440))                             AS "delay_within_a_day"
  FROM data`);
const [row] = reader.getRowObjectsJson();
console.log(JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]))));
