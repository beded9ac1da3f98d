export * from "./collected.js";
export * from "./collector.js";
export * from "./growable.js";
export * from "./task-predictions.js";
