/**
 * A contract's custom SQL (a pull request can change schema.yml) reads the data under check and
 * nothing else: every attempt to read another file, list a directory or call what the engine does not
 * offer is refused with exit 2 naming the check, and the file's content never reaches a message. A
 * custom check that fails on the data (a CAST of a text value) is named, not passed off as a malformed
 * file.
 */

import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { type CliRun, runCliCaptured } from "./support/in-process-cli.js";
import { scratchDir } from "./support/scratch.js";

const dir = scratchDir("mlci-contract-sandbox-");
const data = join(dir, "data.csv");
const secret = join(dir, "secret.txt");
writeFileSync(data, "id,name\n1,alice\n2,bob\n");
writeFileSync(secret, "TOPSECRET-1234\n");

function validateWith(check: string): Promise<CliRun> {
  const contract = join(dir, `contract-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(contract, `checks:\n  - name: probe\n    ${check}\n`);
  return runCliCaptured(["validate", data, "--schema", contract]);
}

const quoted = (path: string) => `'${path}'`;

describe("custom SQL in a contract is shut in with the data", () => {
  const escapes: [string, string][] = [
    ["read_text of /etc/passwd", `expression: "length((SELECT content FROM read_text('/etc/passwd'))) > 0"`],
    [
      "read_text of a file beside the data",
      `expression: "length((SELECT content FROM read_text(${quoted(secret)}))) > 0"`,
    ],
    ["read_csv of /etc/passwd", `aggregate: "(SELECT count(*) FROM read_csv('/etc/passwd', sep = ':')) > 0"`],
    [
      "a CAST that would echo the file",
      `expression: "CAST((SELECT content FROM read_text(${quoted(secret)})) AS INTEGER) > 0"`,
    ],
    ["listing a directory", `aggregate: "(SELECT count(*) FROM glob('/etc/*')) > 0"`],
    ["read_parquet of another file", `aggregate: "(SELECT count(*) FROM read_parquet('/tmp/x.parquet')) >= 0"`],
  ];
  for (const [name, check] of escapes) {
    it(`refuses ${name}: exit 2, the check named, nothing of the file shown`, async () => {
      const run = await validateWith(check);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /custom check "probe" .* reaches outside the data under check: Permission Error/);
      assert.match(run.stderr, /contract-\w+\.yml:2:5:/);
      assert.doesNotMatch(run.stderr, /TOPSECRET|root:|malformed CSV/);
      assert.equal(run.stdout, "");
    });
  }

  it("a glob's data leaves the rest of its directory shut: a file beside the matched ones is refused", async () => {
    const batches = join(dir, "batches");
    mkdirSync(batches, { recursive: true });
    writeFileSync(join(batches, "2026-01.csv"), "id,name\n1,alice\n");
    writeFileSync(join(batches, "2026-02.csv"), "id,name\n2,bob\n");
    writeFileSync(join(batches, "credentials.txt"), "TOPSECRET-5678\n");
    const contract = join(dir, "glob-contract.yml");
    writeFileSync(
      contract,
      `checks:\n  - name: sibling\n    expression: "length((SELECT content FROM read_text(${quoted(join(batches, "credentials.txt"))}))) > 0"\n`,
    );
    const run = await runCliCaptured(["validate", join(batches, "*.csv"), "--schema", contract]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /custom check "sibling" .* reaches outside the data under check: Permission Error/);
    assert.doesNotMatch(run.stderr, /TOPSECRET/);
    // The matched files themselves still read.
    writeFileSync(contract, `checks:\n  - name: rows\n    aggregate: "count(*) = 2"\n`);
    const ok = await runCliCaptured(["validate", join(batches, "*.csv"), "--schema", contract]);
    assert.equal(ok.code, 0, ok.stderr);
  });

  it("getenv is not there to call", async () => {
    const run = await validateWith(`expression: "getenv('HOME') IS NOT NULL"`);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /custom check "probe" .* is not valid/);
  });

  it("a CAST that fails on the data names the check instead of calling the file malformed", async () => {
    const run = await validateWith(`expression: "CAST(name AS INTEGER) > 0"`);
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /custom check "probe" \(expression CAST\(name AS INTEGER\) > 0\) fails on the data: Conversion Error/,
    );
    assert.match(run.stderr, /TRY_CAST/);
    assert.doesNotMatch(run.stderr, /malformed CSV/);
  });

  it("custom SQL over the data itself still works", async () => {
    const passing = await validateWith(`expression: "length(name) >= 3"`);
    assert.equal(passing.code, 0, passing.stderr);
    const aggregate = await validateWith(`aggregate: "count(DISTINCT name) = 2"`);
    assert.equal(aggregate.code, 0, aggregate.stderr);
  });
});
