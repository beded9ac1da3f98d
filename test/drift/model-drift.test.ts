import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { DriftReport } from "@mlci/core/drift/drift-file.js";
import type { DatasetProfile } from "@mlci/core/profile/profile-file.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import { scratchDir } from "../support/scratch.js";
import { runMlci } from "./run-mlci.js";

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validator = (name: string) => ajv.compile(JSON.parse(readFileSync(`schemas/${name}.schema.json`, "utf8")));
const validProfile = validator("profile");
const validDrift = validator("drift");

// A binary logistic model on flights columns (distance, hour, weekend) and 3000 labelled flights.
const MODEL = "packages/model/test-data/logistic_columns.onnx";
const SAMPLE = "packages/model/test-data/flights-sample.csv";
const dir = scratchDir("mlci-model-drift-");

/** The sample with one column rewritten. */
function variant(name: string, column: string, rewrite: (value: string) => string): string {
  const [header, ...rows] = readFileSync(SAMPLE, "utf8").trim().split("\n");
  const index = (header as string).split(",").indexOf(column);
  const lines = rows.map((row) => {
    const cells = row.split(",");
    cells[index] = rewrite(cells[index] as string);
    return cells.join(",");
  });
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, `${[header, ...lines].join("\n")}\n`);
  return path;
}

const kilometres = variant("km", "distance", (v) => String(Number(v) * 1.609344));
const flipped = variant("flipped", "delayed", (v) => (v === "1" ? "0" : "1"));

async function drift(current: string): Promise<{ report: DriftReport; status: number | null }> {
  const out = join(dir, "drift.json");
  const run = await runMlci([
    "drift",
    "--reference",
    SAMPLE,
    "--current",
    current,
    "--model",
    MODEL,
    "--target",
    "delayed",
    "--out",
    out,
  ]);
  assert.notEqual(run.status, 2, run.stderr);
  const report: unknown = JSON.parse(readFileSync(out, "utf8"));
  assert.ok(validDrift(report), JSON.stringify(validDrift.errors));
  return { report: report as DriftReport, status: run.status };
}

describe("prediction and performance drift (--model)", () => {
  it("profiles the model's predictions and its performance on labelled data", async () => {
    const out = join(dir, "profile.json");
    const run = await runMlci(["profile", SAMPLE, "--model", MODEL, "--target", "delayed", "--out", out]);
    assert.equal(run.status, 0, run.stderr);
    const parsed: unknown = JSON.parse(readFileSync(out, "utf8"));
    assert.ok(validProfile(parsed), JSON.stringify(validProfile.errors));
    const profile = parsed as DatasetProfile;
    assert.deepEqual(Object.keys(profile.predictions ?? {}).sort(), ["label", "value"]);
    assert.equal(profile.predictions?.value?.count, 3000);
    assert.equal(profile.performance?.task, "binary");
    assert.equal(profile.performance?.rows, 3000);
  });

  it("the same data: no prediction or performance drift", async () => {
    const { report, status } = await drift(SAMPLE);
    assert.equal(status, 0);
    assert.equal(report.performance?.drifted, false);
    assert.equal(report.performance?.delta, 0);
    assert.ok(Object.values(report.prediction ?? {}).every((f) => !f.drifted));
  });

  it("distances in kilometres move the predicted probabilities: prediction drift, exit 1", async () => {
    const { report, status } = await drift(kilometres);
    assert.equal(report.prediction?.value?.drifted, true);
    assert.equal(report.performance?.drifted, false, "labels unchanged, the decisions stay the same");
    assert.equal(report.drifted, true);
    assert.equal(status, 1);
  });

  it("flipped labels: performance drift on accuracy, predictions unchanged", async () => {
    const { report } = await drift(flipped);
    assert.equal(report.performance?.metric, "accuracy");
    assert.equal(report.performance?.drifted, true);
    assert.ok(Math.abs((report.performance?.reference ?? 0) + (report.performance?.current ?? 0) - 1) < 1e-12);
    assert.ok(Object.values(report.prediction ?? {}).every((f) => !f.drifted));
    assert.equal(report.drifted, true);
  });
});
