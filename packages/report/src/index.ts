export * from "./validation-summary.js";
