import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { type FlightFiles, writeFlightFiles } from "./flights-fixtures.js";
import { runMlci } from "./run-mlci.js";

const schema = (name: string) => JSON.parse(readFileSync(join("schemas", `${name}.schema.json`), "utf8"));

describe("profile.json and drift.json validate against their JSON Schemas", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validateProfile = ajv.compile(schema("profile"));
  const validateDrift = ajv.compile(schema("drift"));
  let files: FlightFiles;
  before(async () => {
    files = await writeFlightFiles();
  });

  it("a profile of real data, and a merged profile", async () => {
    const a = join(files.dir, "a.json");
    const b = join(files.dir, "b.json");
    const merged = join(files.dir, "ab.json");
    assert.equal((await runMlci(["profile", files.reference, "--out", a])).status, 0);
    assert.equal((await runMlci(["profile", files.missingDelay, "--out", b])).status, 0);
    assert.equal((await runMlci(["profile", "merge", a, b, "--out", merged])).status, 0);
    for (const file of [a, b, merged]) {
      const ok = validateProfile(JSON.parse(readFileSync(file, "utf8")));
      assert.ok(ok, JSON.stringify(validateProfile.errors));
    }
  });

  it("a drift report with drifted and clean features", async () => {
    const out = join(files.dir, "drift.json");
    await runMlci(["drift", "--reference", files.reference, "--current", files.newOrigin, "--out", out]);
    const report: unknown = JSON.parse(readFileSync(out, "utf8"));
    assert.ok(validateDrift(report), JSON.stringify(validateDrift.errors));
    assert.equal((report as { features: Record<string, { drifted: boolean }> }).features.origin?.drifted, true);
  });

  it("the schemas reject what they should (a negative count, an unknown method)", () => {
    assert.equal(validateProfile({ schema: "mlci/profile@1", source: "x", rows: -1, columns: {} }), false);
    const out = join(files.dir, "drift.json");
    const report = JSON.parse(readFileSync(out, "utf8"));
    report.features.origin.method = "magic";
    assert.equal(validateDrift(report), false);
  });
});
