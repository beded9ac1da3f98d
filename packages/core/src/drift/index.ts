export * from "./aligned-distributions.js";
export * from "./dataset-drift.js";
export * from "./drift-issue.js";
export * from "./drift-rule.js";
export * from "./feature-drift.js";
export * from "./feature-figures.js";
export * from "./performance.js";
export * from "./statistics.js";
