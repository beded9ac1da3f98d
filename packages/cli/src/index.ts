export * from "./exit-codes.js";
export * from "./program.js";
export * from "./release/baseline.js";
export * from "./release/registry-context.js";
