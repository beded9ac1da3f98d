export * from "./validation-markdown.js";
export * from "./validation-text.js";
