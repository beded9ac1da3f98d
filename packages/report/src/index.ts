export * from "./model-card.js";
