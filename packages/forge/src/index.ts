export * from "./releases/index.js";
