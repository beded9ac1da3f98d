export * from "./evaluate-gates.js";
