export * from "./check-sql.js";
export * from "./column-batches.js";
export * from "./column-stats.js";
export * from "./csv-shape.js";
export * from "./data-source.js";
export * from "./duckdb-values.js";
