export * from "./csv-shape.js";
export * from "./data-source.js";
