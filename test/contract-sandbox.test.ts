/**
 * A contract's custom SQL (a pull request can change schema.yml) reads the data under check and
 * nothing else: every attempt to read another file, list a directory or call what the engine does not
 * offer is refused with exit 2 naming the check, and the file's content never reaches a message. A
 * custom check that fails on the data (a CAST of a text value) is named, not passed off as a malformed
 * file.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { type Io, runCli } from "@mlci/cli";
import "@mlci/cli/commands";

const dir = mkdtempSync(join(tmpdir(), "mlci-contract-sandbox-"));
const data = join(dir, "data.csv");
const secret = join(dir, "secret.txt");
writeFileSync(data, "id,name\n1,alice\n2,bob\n");
writeFileSync(secret, "TOPSECRET-1234\n");

async function validateWith(check: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const contract = join(dir, `contract-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(contract, `checks:\n  - name: probe\n    ${check}\n`);
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  };
  const code = await runCli(["validate", data, "--schema", contract], io);
  return { code, stdout, stderr };
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
