export * from "./config/data-section.js";
export * from "./config/mlci-config.js";
export * from "./config/models-section.js";
export * from "./problem.js";
export * from "./profile/index.js";
export * from "./result.js";
export * from "./yaml-document.js";
