export * from "./onnx-signature.js";
