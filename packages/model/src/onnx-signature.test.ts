import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { diffSignatures } from "@mlci/core/release/signature.js";
import { readOnnxSignature } from "./onnx-signature.js";

const model = (name: string) => fileURLToPath(new URL(`../test-data/${name}`, import.meta.url));

test("reads names, types and shapes of an ONNX model's inputs and outputs", async () => {
  const signature = await readOnnxSignature(model("scorer-v1.onnx"));
  assert.deepEqual(signature, {
    inputs: [
      { name: "distance", type: "float32", shape: ["N", 1] },
      { name: "origin_code", type: "float32", shape: ["N", 1] },
    ],
    outputs: [{ name: "score", type: "float32", shape: ["N", 1] }],
  });
});

test("a renamed input and a wider output show up as signature changes", async () => {
  const v1 = await readOnnxSignature(model("scorer-v1.onnx"));
  const v2 = await readOnnxSignature(model("scorer-v2.onnx"));
  assert.ok(v1 && v2);
  assert.deepEqual(diffSignatures(v1, v2), [
    'input "distance" removed',
    'input "distance_km" added',
    'output "score" shape [N, 1] -> [N, 2]',
  ]);
});

test("a file that is not ONNX has no signature", async () => {
  assert.equal(await readOnnxSignature(fileURLToPath(import.meta.url)), undefined);
});
