export * from "./column-batch.js";
export * from "./config/data-section.js";
export * from "./config/mlci-config.js";
export * from "./config/models-section.js";
export * from "./metrics/index.js";
export * from "./problem.js";
export * from "./result.js";
export * from "./yaml-document.js";
