export * from "./forge.js";
export * from "./github-errors.js";
export * from "./github-forge.js";
export * from "./local-forge.js";
export * from "./marker.js";
export * from "./releases/index.js";
