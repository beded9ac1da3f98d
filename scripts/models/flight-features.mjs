/**
 * The derived flight columns the test models are trained on, as DuckDB SQL over the vega-datasets
 * flights columns. Shared by export_flights_sample.mjs (training sample) and bench/evaluate.mjs (bench
 * data), so the bench feeds the model exactly the features it was trained with.
 */
export function flightFeatures(date = "date", delay = "delay", distance = "distance", origin = "origin") {
  return `
    CAST(${distance} AS DOUBLE) AS distance,
    CAST(hour(${date}) AS BIGINT) AS hour,
    CAST(isodow(${date}) AS BIGINT) AS weekday,
    isodow(${date}) >= 6 AS weekend,
    ${origin} AS origin,
    CAST(${delay} AS DOUBLE) AS delay,
    CAST(${delay} > 15 AS BIGINT) AS delayed,
    CASE WHEN ${delay} < 0 THEN 'early' WHEN ${delay} <= 15 THEN 'on_time' ELSE 'late' END AS arrival`;
}
