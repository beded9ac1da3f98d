export * from "./csv-shape.js";
export * from "./data-source.js";
export * from "./profile-duckdb.js";
export * from "./profile-plan.js";
export * from "./profile-sql.js";
export * from "./sql-dialect.js";
