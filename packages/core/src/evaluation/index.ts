export * from "./assemble.js";
export * from "./score.js";
export * from "./slice-tests.js";
export * from "./slices.js";
export * from "./types.js";
