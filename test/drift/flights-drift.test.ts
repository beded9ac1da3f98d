import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import type { DriftReport } from "@mlci/core/drift/drift-file.js";
import { type FlightFiles, writeFlightFiles, writeShards } from "./flights-fixtures.js";
import { runMlci } from "./run-mlci.js";

async function drift(
  reference: string,
  current: string,
  out: string,
): Promise<{ report: DriftReport; status: number | null }> {
  const run = await runMlci(["drift", "--reference", reference, "--current", current, "--out", out]);
  assert.notEqual(run.status, 2, run.stderr);
  return { report: JSON.parse(readFileSync(out, "utf8")) as DriftReport, status: run.status };
}

type Current = "current" | "kilometres" | "newOrigin" | "missingDelay";
const planted: Array<[Current, string, string]> = [
  ["kilometres", "distance", "distances in kilometres instead of miles"],
  ["newOrigin", "origin", "a new dominant origin airport"],
  ["missingDelay", "delay", "30% missing delays"],
];
const CURRENTS: readonly Current[] = ["current", "kilometres", "newOrigin", "missingDelay"];

describe("drift on real data (flights, January 2001)", () => {
  let files: FlightFiles;
  /** `mlci drift --out` of the reference half against each current file, run once for the tests below. */
  const whole = new Map<Current, { report: DriftReport; status: number | null }>();
  before(async () => {
    files = await writeFlightFiles();
    for (const file of CURRENTS) {
      whole.set(file, await drift(files.reference, files[file], join(files.dir, `${file}-whole-drift.json`)));
    }
  });
  const wholeDrift = (file: Current) => whole.get(file) ?? assert.fail(`no drift report of ${file}`);

  it("two random halves of one month: no feature drifts, exit 0", () => {
    const { report, status } = wholeDrift("current");
    assert.deepEqual(report.drifted_features, []);
    assert.deepEqual(report.severe_features, []);
    assert.equal(report.drifted, false);
    assert.equal(status, 0);
    // Far from the severe factor: every distance under 0.3x its threshold (docs/drift.md).
    for (const [name, f] of Object.entries(report.features)) {
      if (f.method === "ks" || f.method === "chi_square" || f.score === null) continue;
      assert.ok(f.score < 0.3 * f.threshold, `${name}: ${f.score} vs threshold ${f.threshold}`);
    }
    assert.deepEqual(Object.keys(report.features).sort(), ["delay", "destination", "distance", "origin"]);
  });

  for (const [file, column, what] of planted) {
    it(`${what}: reported on ${column} only`, () => {
      const { report } = wholeDrift(file);
      assert.deepEqual(report.drifted_features, [column]);
      if (file === "missingDelay") {
        assert.equal(report.features.delay?.missing.drifted, true);
        assert.ok(Math.abs((report.features.delay?.missing.current ?? 0) - 0.3) < 0.01);
      }
    });
  }

  it("a planted shift becomes dataset drift (exit 1) when the share threshold allows one feature", async () => {
    const run = await runMlci([
      "drift",
      "--reference",
      files.reference,
      "--current",
      files.kilometres,
      "--share",
      "0.25",
    ]);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /SEVERE\s+distance/);
    assert.match(run.stdout, /DATASET DRIFT \(features, severe\): 1 of 4 features drifted/);
  });

  for (const [file, column] of [
    ["kilometres", "distance"],
    ["missingDelay", "delay"],
  ] as const) {
    it(`one broken feature (${column}) fails the run with the default share and opens the issue`, async () => {
      const forgeDir = join(files.dir, `forge-${file}`);
      const run = await runMlci([
        "drift",
        "--reference",
        files.reference,
        "--current",
        files[file],
        "--open-issue",
        "--model-name",
        "flights",
        "--forge",
        "local",
        "--forge-dir",
        forgeDir,
      ]);
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, new RegExp(`fails: ${column} drifted at 2x the threshold or more`));
      assert.match(run.stdout, /drift issue: created #1/);
    });
  }

  it("a mild drift of a feature listed as critical fails the run", async () => {
    const dir = join(files.dir, "critical");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "mlci.yml"), "version: 1\ndrift:\n  critical: [origin]\n  severe_factor: 1000\n");
    const run = await runMlci([
      "drift",
      "--reference",
      files.reference,
      "--current",
      files.newOrigin,
      "--config",
      join(dir, "mlci.yml"),
    ]);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /fails: critical feature origin drifted or missing/);
  });

  it("profiles merged from 4 shards give the same verdicts as the whole data", async () => {
    for (const file of CURRENTS) {
      const shards = await writeShards(files[file], files.dir, file);
      const shardProfiles: string[] = [];
      for (const [i, shard] of shards.entries()) {
        const out = join(files.dir, `${file}-profile-${i}.json`);
        const run = await runMlci(["profile", shard, "--out", out]);
        assert.equal(run.status, 0, run.stderr);
        shardProfiles.push(out);
      }
      const merged = join(files.dir, `${file}-merged.json`);
      const run = await runMlci(["profile", "merge", ...shardProfiles, "--out", merged]);
      assert.equal(run.status, 0, run.stderr);
      const { report } = wholeDrift(file);
      const fromShards = (await drift(files.reference, merged, join(files.dir, `${file}-merged-drift.json`))).report;
      assert.deepEqual(fromShards.drifted_features, report.drifted_features, file);
      assert.equal(fromShards.current.rows, report.current.rows);
      for (const [name, feature] of Object.entries(report.features)) {
        const other = fromShards.features[name];
        assert.equal(other?.drifted, feature.drifted, `${file}/${name}`);
        // Sketches merge exactly, so numeric distances agree to rounding.
        if (feature.type === "numeric") assert.ok(Math.abs((other?.score ?? 0) - (feature.score ?? 0)) < 1e-9);
      }
    }
  });
});
