export * from "./cost.js";
export * from "./input-plan.js";
export * from "./load-model.js";
export * from "./model-error.js";
export * from "./onnx-graph.js";
export * from "./outputs.js";
export * from "./predictor.js";
export * from "./tensors.js";
