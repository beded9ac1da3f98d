export * from "./fit.js";
export * from "./format.js";
export * from "./parse-results.js";
export * from "./pr-report.js";
export * from "./results.js";
export * from "./sections.js";
export * from "./validation-markdown.js";
export * from "./validation-text.js";
