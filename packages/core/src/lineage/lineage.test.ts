import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cacheKeys } from "./cache-key.js";
import { buildLineage, fingerprintManifest, pullRequestFromRef } from "./lineage.js";

const a = { path: "data/a.parquet", sha256: "a".repeat(64), bytes: 10 };
const b = { path: "data/b.parquet", sha256: "b".repeat(64), bytes: 20 };

describe("buildLineage", () => {
  it("sorts data by path, rounds the duration and names the memory method", () => {
    const lineage = buildLineage({
      model: { name: "m", path: "model.onnx", sha256: "c".repeat(64), size_bytes: 5 },
      git: { commit: "abc" },
      command: ["node", "train.mjs"],
      data: [b, a],
      durationMs: 1234.6,
      exitCode: 0,
      peakMemoryBytes: null,
      startedAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
    });
    assert.deepEqual(
      lineage.data.map((d) => d.path),
      ["data/a.parquet", "data/b.parquet"],
    );
    assert.equal(lineage.duration_ms, 1235);
    assert.equal(lineage.peak_memory_method, "unavailable");
    assert.equal(lineage.started_at, "2026-01-02T03:04:05.000Z");
    assert.deepEqual(lineage.params, {});
    assert.equal("run" in lineage, false);
  });
});

describe("fingerprintManifest", () => {
  it("is independent of input order and changes with content", () => {
    assert.equal(fingerprintManifest([a, b]), fingerprintManifest([b, a]));
    assert.equal(fingerprintManifest([a, b]), `${"a".repeat(64)}  data/a.parquet\n${"b".repeat(64)}  data/b.parquet\n`);
    assert.notEqual(fingerprintManifest([a, b]), fingerprintManifest([a, { ...b, sha256: "d".repeat(64) }]));
  });
});

describe("pullRequestFromRef", () => {
  it("reads the PR number of a merge ref only", () => {
    assert.equal(pullRequestFromRef("refs/pull/42/merge"), 42);
    assert.equal(pullRequestFromRef("refs/heads/main"), undefined);
    assert.equal(pullRequestFromRef(undefined), undefined);
  });
});

describe("cacheKeys", () => {
  it("builds an exact key and restore keys from specific to general", () => {
    const keys = cacheKeys({ kind: "data", os: "Linux", scope: "flights-delay", contentHash: "f00" });
    assert.equal(keys.key, "mlci-data-linux-flights-delay-f00");
    assert.deepEqual(keys.restoreKeys, ["mlci-data-linux-flights-delay-", "mlci-data-linux-"]);
    for (const restore of keys.restoreKeys) assert.ok(keys.key.startsWith(restore));
  });
  it("keeps kinds apart and replaces characters @actions/cache refuses", () => {
    const deps = cacheKeys({ kind: "deps", os: "macOS", scope: "a,b c", contentHash: "1" });
    assert.equal(deps.key, "mlci-deps-macos-a_b_c-1");
    assert.equal(deps.key.includes(","), false);
  });
});
