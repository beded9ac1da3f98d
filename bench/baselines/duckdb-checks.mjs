// Baseline (a) of bench/validate.mjs: the checks of bench/flights.schema.yml as one hand-written DuckDB
// query, the way a person would write it: failing-row counts only, no example rows, DuckDB defaults.
// Usage: node bench/baselines/duckdb-checks.mjs DATA (.parquet or .csv). Prints the counts as JSON.
import { DuckDBInstance } from "@duckdb/node-api";

const path = process.argv[2];
const source = path.endsWith(".parquet") ? `read_parquet('${path}')` : `read_csv('${path}', header = true)`;
const instance = await DuckDBInstance.create(":memory:");
const connection = await instance.connect();
const reader = await connection.runAndReadAll(`
  WITH data AS (SELECT * FROM ${source})
  SELECT
    count(*) FILTER (WHERE date IS NULL)                                   AS date_not_null,
    count(*) FILTER (WHERE date < TIMESTAMP '2001-01-01')                  AS date_min,
    count(*) FILTER (WHERE date > TIMESTAMP '2001-07-01 23:59:59')         AS date_max,
    count(*) FILTER (WHERE delay IS NULL)                                  AS delay_not_null,
    count(*) FILTER (WHERE delay < -1440)                                  AS delay_min,
    count(*) FILTER (WHERE delay > 2000)                                   AS delay_max,
    count(*) FILTER (WHERE distance IS NULL)                               AS distance_not_null,
    count(*) FILTER (WHERE distance < 1)                                   AS distance_min,
    count(*) FILTER (WHERE distance > 5000)                                AS distance_max,
    count(*) FILTER (WHERE NOT regexp_full_match(origin, '[A-Z]{3}'))      AS origin_regex,
    count(*) FILTER (WHERE NOT regexp_full_match(destination, '[A-Z]{3}')) AS destination_regex,
    count(*)                                                               AS row_count,
    count(*) - (SELECT count(*) FROM (SELECT DISTINCT * FROM data))        AS duplicate_rows,
    count(*) FILTER (WHERE NOT (origin <> destination))                    AS origin_is_not_destination
  FROM data`);
const [row] = reader.getRowObjectsJson();
console.log(JSON.stringify(row));
