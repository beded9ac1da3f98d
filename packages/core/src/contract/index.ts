export * from "./check-plan.js";
export * from "./contract-locations.js";
export * from "./contract-schema.js";
export * from "./duckdb-types.js";
export * from "./duration.js";
export * from "./infer-contract.js";
export * from "./validation-result.js";
export * from "./verdict.js";
