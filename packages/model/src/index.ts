export * from "./onnx-check.js";
