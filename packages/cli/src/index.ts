export * from "./evaluate/settings.js";
export * from "./exit-codes.js";
export * from "./open-forge.js";
export * from "./program.js";
export * from "./release/baseline.js";
export * from "./release/registry-context.js";
