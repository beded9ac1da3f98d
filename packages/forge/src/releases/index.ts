export * from "./git.js";
export * from "./github-release-forge.js";
export * from "./local-release-forge.js";
export * from "./model-registry.js";
export * from "./release-forge.js";
export * from "./translated-release-forge.js";
