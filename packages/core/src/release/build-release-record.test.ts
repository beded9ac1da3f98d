import assert from "node:assert/strict";
import { test } from "node:test";
import { lineageFileSchema } from "../lineage/lineage.js";
import { comparisonFixture, evaluationFixture } from "../testing/evaluation-fixture.js";
import { buildReleaseRecord, type ReleaseRecordInput } from "./build-release-record.js";
import type { ReleaseRecord } from "./release-record.js";

const sha = (c: string) => c.repeat(64);

function input(baselineSha: string): ReleaseRecordInput {
  return {
    name: "m",
    tag: "m@v1.1.0",
    commit: "c",
    now: "2026-12-01T00:00:00Z",
    decision: { version: { major: 1, minor: 1, patch: 0 }, level: "minor", source: "auto", reasons: [] },
    previous: {
      version: "1.0.0",
      tag: "m@v1.0.0",
      // Measured when 1.0.0 was released, on that day's data.
      record: { evaluation: { baseline: null, metrics: { roc_auc: { value: 0.69 } } } } as unknown as ReleaseRecord,
    },
    model: { path: "m.onnx", asset: "m.onnx", sha256: sha("a"), size_bytes: 1 },
    evaluation: evaluationFixture({
      head: { model: { path: "m.onnx", sha256: sha("a"), size_bytes: 1 }, metrics: { roc_auc: 0.72 } },
      baseline: { model: { path: "b.onnx", sha256: baselineSha, size_bytes: 1 }, metrics: { roc_auc: 0.7012 } },
      comparison: comparisonFixture({ roc_auc: { delta: 0.0188, ci_low: 0.01, ci_high: 0.03, significant: true } }),
    }),
    versionsBySha: new Map([[sha("b"), "1.0.0"]]),
    assets: [],
  };
}

test("the previous version's metrics come from the same rows when the baseline is that version", () => {
  const record = buildReleaseRecord(input(sha("b")));
  assert.equal(record.evaluation?.baseline, "1.0.0");
  assert.equal(record.evaluation?.metrics.roc_auc?.previous, 0.7012);
  assert.equal(record.evaluation?.metrics.roc_auc?.delta, 0.0188);
});

test("a baseline that is not the previous version leaves the previous version's recorded metrics", () => {
  const record = buildReleaseRecord(input(sha("f")));
  assert.equal(record.evaluation?.baseline, "b.onnx");
  assert.equal(record.evaluation?.metrics.roc_auc?.previous, 0.69);
});

test("lineage written outside a git repository (commit null) is accepted and leaves the commit out", () => {
  const parsed = lineageFileSchema.safeParse({
    schema: "mlci/lineage@1",
    model: { name: "m", path: "m.onnx", sha256: sha("a") },
    git: { commit: null },
    command: ["node", "train.mjs"],
    params: {},
    data: [],
    duration_ms: 1200,
    exit_code: 0,
    peak_memory_bytes: null,
    started_at: "2026-12-01T00:00:00Z",
  });
  assert.ok(parsed.success, JSON.stringify(!parsed.success && parsed.error.issues));
  const record = buildReleaseRecord({ ...input(sha("b")), lineage: parsed.data });
  assert.equal(record.lineage?.commit, undefined);
  assert.deepEqual(record.lineage?.command, ["node", "train.mjs"]);
});
