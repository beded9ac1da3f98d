import assert from "node:assert/strict";
import { test } from "node:test";
import type { Evaluation } from "../evaluation/types.js";
import { comparisonFixture, evaluationFixture } from "../testing/evaluation-fixture.js";
import { formatVersion, parseVersion, type Version } from "./semver.js";
import { diffSignatures, type ModelSignature } from "./signature.js";
import { decideVersion, type VersionDecisionInput } from "./version-decision.js";

const v = (text: string): Version => parseVersion(text) ?? assert.fail(text);
const signature: ModelSignature = {
  inputs: [
    { name: "distance", type: "float32", shape: ["N", 1] },
    { name: "origin", type: "string", shape: ["N", 1] },
  ],
  outputs: [
    { name: "label", type: "int64", shape: ["N"] },
    { name: "probabilities", type: "float32", shape: ["N", 2] },
  ],
};

function evaluation(significant: boolean): Evaluation {
  return evaluationFixture({
    head: { model: { path: "m.onnx", sha256: "a".repeat(64), size_bytes: 1 }, metrics: { f1: 0.71, accuracy: 0.8 } },
    comparison: comparisonFixture({
      f1: {
        delta: 0.031,
        ci_low: significant ? 0.012 : -0.004,
        ci_high: 0.05,
        significant,
        verdict: significant ? "better" : "same",
      },
      accuracy: { delta: 0.001, ci_low: -0.01, ci_high: 0.012, significant: false, verdict: "same" },
    }),
  });
}

const base: VersionDecisionInput = {
  model: "churn",
  existing: [v("1.0.0"), v("1.4.2"), v("1.10.0")],
  previousSignature: signature,
  signature,
  requested: "auto",
};

function decided(input: VersionDecisionInput): string {
  const result = decideVersion(input);
  assert.ok(result.ok, result.ok ? "" : result.error.message);
  return `${formatVersion(result.value.version)} ${result.value.level}`;
}

test("auto: a changed input or output signature is a major version", () => {
  const renamed = {
    ...signature,
    inputs: [{ name: "dist_km", type: "float32", shape: ["N", 1] }, signature.inputs[1]],
  };
  const retyped = {
    ...signature,
    outputs: [signature.outputs[0], { name: "probabilities", type: "float64", shape: ["N", 2] }],
  };
  const reshaped = {
    ...signature,
    outputs: [signature.outputs[0], { name: "probabilities", type: "float32", shape: ["N", 3] }],
  };
  for (const changed of [renamed, retyped, reshaped] as ModelSignature[]) {
    assert.equal(decided({ ...base, signature: changed, evaluation: evaluation(true) }), "2.0.0 major");
  }
  assert.deepEqual(diffSignatures(signature, renamed as ModelSignature), [
    'input "distance" removed',
    'input "dist_km" added',
  ]);
  assert.deepEqual(diffSignatures(signature, reshaped as ModelSignature), [
    'output "probabilities" shape [N, 2] -> [N, 3]',
  ]);
});

test("auto: a significant metric change is minor, no significant change is patch", () => {
  assert.equal(decided({ ...base, evaluation: evaluation(true) }), "1.11.0 minor");
  assert.equal(decided({ ...base, evaluation: evaluation(false) }), "1.10.1 patch");
  assert.equal(decided({ ...base }), "1.10.1 patch");
  const minor = decideVersion({ ...base, evaluation: evaluation(true) });
  assert.ok(minor.ok);
  assert.deepEqual(minor.value.reasons, ["metric f1 changed +0.031 [0.012, 0.05] (better)"]);
});

test("the first version is 1.0.0", () => {
  assert.equal(decided({ ...base, existing: [], previousSignature: undefined }), "1.0.0 first");
});

test("an explicit version beats a label, a label beats auto", () => {
  const changed = { ...signature, inputs: [] };
  assert.equal(decided({ ...base, signature: changed, labels: ["bug", "release:patch"] }), "1.10.1 patch");
  assert.equal(
    decided({ ...base, signature: changed, labels: ["release:minor"], requested: v("5.0.0") }),
    "5.0.0 explicit",
  );
  const taken = decideVersion({ ...base, requested: v("1.4.2") });
  assert.ok(!taken.ok && taken.error.message === "churn 1.4.2 already exists");
  const conflicting = decideVersion({ ...base, labels: ["release:major", "release:patch"] });
  assert.ok(!conflicting.ok && conflicting.error.message.includes("conflicting labels"));
});
