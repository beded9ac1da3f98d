export * from "./problem.js";
export * from "./result.js";
export * from "./yaml-document.js";
