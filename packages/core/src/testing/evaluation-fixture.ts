/**
 * A complete evaluation.json for tests that care about a few fields: the rest are filled with what
 * `mlci evaluate` writes for a regression without baseline, so the value parses with the schema.
 */
import type { Evaluation } from "../evaluation/types.js";

type Delta = NonNullable<NonNullable<Evaluation["comparison"]>["deltas"]["accuracy"]>;

export function evaluationFixture(fields: Partial<Evaluation>): Evaluation {
  return {
    schema: "mlci/evaluation@1",
    name: "m",
    task: "binary",
    data: { path: "data/test.parquet", rows: 1000 },
    target: "y",
    head: { model: { path: "m.onnx", sha256: "a".repeat(64), size_bytes: 1 }, metrics: {} },
    baseline: null,
    slices: [],
    gates: [],
    passed: true,
    ...fields,
  };
}

/** A comparison of the given deltas (paired bootstrap, 95%), each completed with head, baseline and direction. */
export function comparisonFixture(
  deltas: Record<string, Pick<Delta, "delta" | "ci_low" | "ci_high" | "significant"> & Partial<Delta>>,
): NonNullable<Evaluation["comparison"]> {
  const complete: Record<string, Delta> = {};
  for (const [name, d] of Object.entries(deltas)) {
    complete[name] = { head: null, baseline: null, direction: "higher", verdict: "same", ...d };
  }
  return { method: "paired-bootstrap", resamples: 1000, seed: 1, confidence: 0.95, deltas: complete };
}
