import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { buildReleaseRecord } from "@mlci/core/release/build-release-record.js";
import { type ReleaseRecord, releaseRecordSchema } from "@mlci/core/release/release-record.js";
import { comparisonFixture, evaluationFixture } from "@mlci/core/testing/evaluation-fixture.js";
import { renderModelCard } from "./model-card.js";

const sha = (c: string) => c.repeat(64);

function sampleRecord(): ReleaseRecord {
  return buildReleaseRecord({
    name: "delays",
    tag: "delays@v1.3.0",
    commit: "3f1c9a7e5b2d4c6a8e0f1a2b3c4d5e6f7a8b9c0d",
    now: "2026-12-01T17:00:00.000Z",
    decision: {
      version: { major: 1, minor: 3, patch: 0 },
      level: "minor",
      source: "auto",
      reasons: ["metric roc_auc changed +0.0213 [0.0121, 0.0305] (better)"],
    },
    previous: {
      version: "1.2.0",
      tag: "delays@v1.2.0",
      record: {
        evaluation: { baseline: null, metrics: { roc_auc: { value: 0.7012 }, f1: { value: 0.6 } } },
      } as unknown as ReleaseRecord,
    },
    model: { path: "models/delays.onnx", asset: "delays.onnx", sha256: sha("a"), size_bytes: 48_213 },
    signature: {
      inputs: [
        { name: "distance", type: "float32", shape: ["N", 1] },
        { name: "origin", type: "string", shape: ["N", 1] },
      ],
      outputs: [
        { name: "label", type: "int64", shape: ["N"] },
        { name: "probabilities", type: "float32", shape: ["N", 2] },
      ],
    },
    evaluation: evaluationFixture({
      name: "delays",
      task: "binary",
      data: { path: "data/test.parquet", rows: 60000 },
      target: "delayed",
      head: {
        model: { path: "models/delays.onnx", sha256: sha("a"), size_bytes: 48_213 },
        metrics: { roc_auc: 0.7225, f1: 0.5981 },
        cost: {
          size_bytes: 48_213,
          latency_ms: { p50: 0.41, p95: 0.84, p99: 1.2 },
          throughput_rows_per_s: 250_000,
        },
      },
      baseline: {
        model: { path: ".mlci/cache/delays.onnx", sha256: sha("b"), size_bytes: 47_900 },
        metrics: { roc_auc: 0.7012, f1: 0.6 },
      },
      comparison: comparisonFixture({
        roc_auc: { delta: 0.0213, ci_low: 0.0121, ci_high: 0.0305, significant: true, verdict: "better" },
        f1: { delta: -0.0019, ci_low: -0.0098, ci_high: 0.0061, significant: false, verdict: "same" },
      }),
      gates: [
        { metric: "roc_auc", kind: "min", threshold: 0.7, observed: 0.7225, passed: true, reason: "ok" },
        {
          metric: "f1",
          kind: "max_drop",
          threshold: 0.02,
          relative: true,
          observed: 0.0032,
          passed: true,
          reason: "ok",
        },
        { metric: "latency_p95_ms", kind: "latency", threshold: 20, observed: 0.84, passed: true, reason: "ok" },
      ],
      slices: [
        {
          column: "origin",
          segment: "ATL",
          rows: 8_100,
          head: { roc_auc: 0.6811, f1: 0.55 },
          baseline: { roc_auc: 0.7102, f1: 0.56 },
          deltas: {
            roc_auc: { delta: -0.0291, ci_low: -0.0455, ci_high: -0.0127, significant: true, verdict: "worse" },
            f1: { delta: -0.01, ci_low: -0.03, ci_high: 0.01, significant: false, verdict: "same" },
          },
          regressed: true,
        },
        {
          column: "origin",
          segment: "ORD",
          rows: 9_400,
          head: { roc_auc: 0.73, f1: 0.61 },
          baseline: { roc_auc: 0.71, f1: 0.6 },
          regressed: false,
        },
      ],
      passed: true,
    }),
    versionsBySha: new Map([[sha("b"), "1.2.0"]]),
    lineage: {
      schema: "mlci/lineage@1",
      git: { commit: "3f1c9a7e5b2d4c6a8e0f1a2b3c4d5e6f7a8b9c0d", branch: "main" },
      model: { name: "delays", path: "models/delays.onnx", sha256: sha("a") },
      run: { id: "42", url: "https://github.com/acme/flights/actions/runs/42", pr: 17 },
      command: ["python", "train.py", "--max-depth", "6"],
      params: { max_depth: 6, learning_rate: 0.1 },
      data: [{ path: "data/train.parquet", sha256: sha("c"), bytes: 5_242_880 }],
      duration_ms: 81_250,
      exit_code: 0,
      peak_memory_bytes: null,
      started_at: "2026-12-01T16:58:00Z",
    },
    profile: {
      source: "data/train.parquet",
      rows: 240000,
      columns: { distance: { type: "numeric", missing: 0 }, origin: { type: "categorical", missing: 12 } },
    },
    contract: { path: "contracts/flights.yml", sha256: sha("d"), size_bytes: 812 },
    card: {
      intended_use: "Ranks scheduled flights by the risk of a departure delay over 15 minutes, for staffing.",
      limitations: "Trained on January-June 2001 US domestic flights; not valid for other years or airports.",
    },
    assets: [
      { name: "delays.onnx", kind: "model", sha256: sha("a"), size_bytes: 48_213 },
      { name: "evaluation.json", kind: "evaluation", sha256: sha("e"), size_bytes: 3_100 },
    ],
  });
}

const snapshot = fileURLToPath(new URL("../test-data/model-card.md", import.meta.url));

test("the model card matches the reviewed snapshot (UPDATE_SNAPSHOTS=1 rewrites it)", () => {
  const record = sampleRecord();
  assert.ok(releaseRecordSchema.safeParse(record).success, "the built record satisfies release.json's schema");
  const card = renderModelCard(record, { stages: [], production: "1.2.0" });
  if (process.env.UPDATE_SNAPSHOTS === "1") writeFileSync(snapshot, card);
  assert.equal(card, readFileSync(snapshot, "utf8"));
});

test("the card shows the change from the previous version and the interval against the baseline", () => {
  const card = renderModelCard(sampleRecord());
  const row = card.split("\n").find((l) => l.startsWith("| roc_auc")) ?? assert.fail("no roc_auc row");
  const cells = row.split("|").map((c) => c.trim());
  assert.deepEqual(cells.slice(1, 7), [
    "roc_auc",
    "0.7225",
    "0.7012",
    "+0.0213",
    "+0.0213 [+0.0121, +0.0305]",
    "better (significant)",
  ]);
  assert.match(
    card,
    /from version `1\.2\.0` \(production when this was released\)/,
    "named by the version of its hash",
  );
  const record = sampleRecord();
  const evaluation = record.evaluation ?? assert.fail("no evaluation");
  const byFile = renderModelCard({ ...record, evaluation: { ...evaluation, baseline: "models/old.onnx" } });
  assert.match(byFile, /from the baseline model `models\/old\.onnx` \(not a released version of this model\)/);
  assert.doesNotMatch(byFile, /version `models/);
});

test("the card says in words how the version was chosen, which commit is which, and how to download it", () => {
  const record = sampleRecord();
  const explicit = renderModelCard({
    ...record,
    bump: { level: "explicit", source: "explicit", reasons: ["--version 1.3.0"] },
  });
  assert.match(explicit, /\*\*Version\*\*: set by hand with --version: --version 1\.3\.0/);
  assert.doesNotMatch(explicit, /explicit \(explicit\)/);
  const card = renderModelCard(record);
  assert.match(card, /released from commit `3f1c9a7e5b2d`/);
  assert.match(card, /Trained at commit `3f1c9a7e5b2d` on `main` \(the commit this version was released from\)/);
  assert.match(card, /Pull request \[#17\]\(https:\/\/github\.com\/acme\/flights\/pull\/17\)/);
  assert.match(card, /gh release download delays@v1\.3\.0 --pattern delays\.onnx/);
  const withTest = renderModelCard({
    ...record,
    data: [...record.data, { path: "data/test.parquet", sha256: "f".repeat(64), bytes: 1024 }],
  });
  assert.match(withTest, /\| test data \(also used by the evaluation\) \| `data\/test\.parquet`/);
  assert.match(withTest, /\| training input +\| `data\/train\.parquet`/);
});

test("a card without evaluation, lineage or card text says what is missing instead of leaving holes", () => {
  const bare = { ...sampleRecord(), evaluation: null, lineage: null, profile: null, data: [], card: {} };
  const card = renderModelCard(bare);
  assert.match(card, /No evaluation\.json was released/);
  assert.match(card, /add `card: \{ intended_use: \.\.\. \}`/);
  assert.doesNotMatch(card, /## Lineage/);
});

test("the card lists each gate with its verdict, limit and observed value", () => {
  const card = renderModelCard(sampleRecord());
  assert.match(card, /## Gates\n\nAll 3 gates passed on the evaluation this version was released with\./);
  assert.match(card, /\| ✅ pass +\| roc_auc min +\| ≥ 0\.7 +\| +0\.7225 \|/);
  assert.match(card, /\| ✅ pass +\| f1 max drop +\| drop ≤ 2% +\| +dropped 0\.3% \|/);
  assert.match(card, /\| ✅ pass +\| p95 latency +\| p95 ≤ 20 ms +\| +0\.84 ms \|/);
  const small = sampleRecord();
  const smallEvaluation = small.evaluation ?? assert.fail("no evaluation");
  const sized = renderModelCard({
    ...small,
    evaluation: {
      ...smallEvaluation,
      gates: [{ metric: "size_mb", kind: "size", threshold: 1, observed: 0.002213, passed: true }],
    },
  });
  assert.match(sized, /\| ✅ pass +\| model size +\| ≤ 1 MB +\| +0\.0022 MB \|/, "a small model is not 0.00 MB");
  const record = sampleRecord();
  const evaluation = record.evaluation ?? assert.fail("no evaluation");
  const failing = renderModelCard({
    ...record,
    evaluation: {
      ...evaluation,
      gates: (evaluation.gates ?? []).map((g, i) => (i === 0 ? { ...g, observed: 0.65, passed: false } : g)),
    },
  });
  assert.match(failing, /\*\*1 of 3 gates failed\*\*/);
  assert.match(failing, /\| ❌ fail +\| roc_auc min +\| ≥ 0\.7 +\| +0\.6500 \|/);
});

test("the card names the segments that got worse than the baseline, on their worst metric", () => {
  const card = renderModelCard(sampleRecord());
  assert.match(card, /\*\*1 of 2 segments significantly worse\*\* than `1\.2\.0`/);
  assert.match(
    card,
    /\| origin=ATL +\| +8,100 \| roc_auc +\| +0\.7102 \| +0\.6811 \| +−0\.0291 \| +\[−0\.0455, −0\.0127\] \|/,
  );
  assert.doesNotMatch(card, /origin=ORD/);
  // A segment name from the data is escaped: no HTML, no mention.
  const record = sampleRecord();
  const evaluation = record.evaluation ?? assert.fail("no evaluation");
  const summary = evaluation.slices ?? assert.fail("no slices");
  const hostile = renderModelCard({
    ...record,
    evaluation: {
      ...evaluation,
      slices: { ...summary, worst: summary.worst.map((w) => ({ ...w, segment: "<img src=x>@admin|x" })) },
    },
  });
  assert.doesNotMatch(hostile, /<img/);
  assert.doesNotMatch(hostile, /@admin/);
  assert.match(hostile, /origin=&lt;img src=x&gt;@\u200badmin\\\|x/);
});

test("the card says the stage the registry gave the version, and how to see it now", () => {
  const record = sampleRecord();
  assert.match(
    renderModelCard(record, { stages: [], production: "1.2.0" }),
    /\*\*Stage\*\*: candidate, on no stage when this card was written \(production is `1\.2\.0`\); deploy it with `npx mlci promote delays@v1\.3\.0 --stage production`; now: `npx mlci models show delays@v1\.3\.0`/,
  );
  assert.match(renderModelCard(record, { stages: [] }), /nothing is on production yet/);
  assert.match(
    renderModelCard(record, { stages: ["production"], production: "1.3.0" }),
    /\*\*Stage\*\*: production, when this card was written; now:/,
  );
});
