// Every command with an action adapter registers it here (one import per adapter).
import "./report-adapter.js";
import "./evaluate-adapter.js";
import "./drift-adapter.js";
import "./release-adapter.js";
import "./validate-adapter.js";

export * from "./adapter.js";
export * from "./inputs.js";
export * from "./pass-through-adapter.js";
