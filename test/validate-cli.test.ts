import assert from "node:assert/strict";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { runCliCaptured } from "./support/in-process-cli.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const fixtures = join(root, "test/fixtures/validate");
const fixture = (name: string) => join(fixtures, name);
const NOW = "2024-03-06T12:00:00Z";

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI as a user or the action would, in this process: DuckDB loads once per file instead of
 * once per run. The binary itself is run by cli-startup, npm-package and the demo tests.
 */
function mlci(args: readonly string[], cwd = root): Promise<Run> {
  return runCliCaptured(args, undefined, { cwd });
}

const validationSchema = JSON.parse(await readFile(join(root, "schemas/validation.schema.json"), "utf8"));
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats.default(ajv);
const validateAgainstSchema = ajv.compile(validationSchema);

function assertSchemaValid(value: unknown): void {
  const valid = validateAgainstSchema(value);
  assert.ok(valid, JSON.stringify(validateAgainstSchema.errors, null, 2));
}

interface CheckJson {
  column: string | null;
  check: string;
  name?: string;
  severity: string;
  passed: boolean;
  observed: unknown;
  failing_rows: number;
  examples: { row: number; value: unknown }[];
}

/** `column/check` (or `custom:name`) -> the check, for readable assertions. */
function byKey(checks: readonly CheckJson[]): Map<string, CheckJson> {
  return new Map(checks.map((c) => [c.check === "custom" ? `custom:${c.name}` : `${c.column ?? "-"}/${c.check}`, c]));
}

/** An input error: exit 2, nothing on stdout, one message (with its fix) on stderr. */
function assertOneInputError(run: Run, pattern: RegExp): void {
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stdout, "");
  assert.equal(run.stderr.match(/^mlci: /gm)?.length, 1, run.stderr);
  assert.match(run.stderr, pattern);
  assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
}

let work: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), "mlci-validate-"));
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

/**
 * Expected results for flights-faulty.csv against schema.yml, computed by hand from the fixture:
 * key -> [failing rows, example rows, passed].
 */
const FAULTY_EXPECTED: Record<string, [number, number[], boolean]> = {
  "id/type": [0, [], true],
  "id/not_null": [0, [], true],
  "id/unique": [2, [3, 8], false], // id 2 repeats at row 3, id 4 at row 8
  "date/type": [0, [], true],
  "date/not_null": [0, [], true],
  "date/min": [0, [], true],
  "delay/type": [1, [10], false], // "n/a"
  "delay/max_missing": [2, [], true], // rows 3 and 6: 2/10 = 0.2, allowed 0.2
  "delay/min": [1, [7], false], // -100 < -60
  "delay/max": [2, [4, 8], false], // 900 > 600
  "distance/type": [0, [], true],
  "distance/not_null": [0, [], true],
  "distance/min": [1, [9], false], // 0 < 1
  "origin/type": [0, [], true],
  "origin/allowed": [2, [5, 7], false], // ORD, XXX
  "code/type": [0, [], true],
  "code/regex": [1, [5], false], // "a5", severity warn
  "-/row_count": [0, [], true],
  "-/duplicate_rows": [1, [8], false], // row 8 = row 4; warn by default
  "date/freshness": [0, [], true], // newest 2024-03-05 16:00, 20h before NOW
  "custom:short_hop": [1, [6], false], // distance 6000
  "custom:mean_distance": [0, [], false], // avg(distance) = 1055
};

// One at a time: a run in this process may change its working directory.
describe("mlci validate", () => {
  it("reports every planted fault with its failing rows and examples (exit 1)", async () => {
    const out = join(work, "faulty.json");
    const run = await mlci([
      "validate",
      fixture("flights-faulty.csv"),
      "--schema",
      fixture("schema.yml"),
      "--now",
      NOW,
      "--out",
      out,
    ]);
    assert.equal(run.code, 1, run.stderr);
    const result = JSON.parse(await readFile(out, "utf8"));
    assertSchemaValid(result);
    assert.equal(result.passed, false);
    assert.deepEqual(result.summary, { checks: 22, failed_errors: 8, failed_warnings: 2 });
    assert.deepEqual(result.data, { path: fixture("flights-faulty.csv"), rows: 10, columns: 7 });
    const checks = byKey(result.checks);
    assert.deepEqual([...checks.keys()].sort(), Object.keys(FAULTY_EXPECTED).sort());
    for (const [key, [failing, rows, passed]] of Object.entries(FAULTY_EXPECTED)) {
      const check = checks.get(key);
      assert.equal(check?.failing_rows, failing, `${key} failing_rows`);
      assert.deepEqual(
        check?.examples.map((e) => e.row),
        rows,
        `${key} example rows`,
      );
      assert.equal(check?.passed, passed, `${key} passed`);
    }
    assert.deepEqual(checks.get("origin/allowed")?.examples, [
      { row: 5, value: "ORD" },
      { row: 7, value: "XXX" },
    ]);
    assert.equal(checks.get("delay/min")?.observed, -100);
    assert.equal(checks.get("delay/max_missing")?.observed, 0.2);
    assert.equal(checks.get("code/regex")?.severity, "warn");
    assert.equal(checks.get("-/duplicate_rows")?.severity, "warn");
    assert.deepEqual(checks.get("-/duplicate_rows")?.examples[0]?.value, {
      id: 4,
      date: "2024-03-02 11:00:00",
      delay: "900",
      distance: 300,
      origin: "SFO",
      dest: "LAX",
      code: "A4",
    });
    assert.match(run.stdout, /^FAILED: .*8 failed errors, 2 warnings in 22 checks$/m);
    assert.match(run.stdout, /^ {2}error origin allowed: 2 rows with a value outside the allowed set$/m);
  });

  it("has a JSON Schema that rejects what is not a validation result", async () => {
    const run = await mlci([
      "validate",
      fixture("flights-clean.csv"),
      "-s",
      fixture("schema.yml"),
      "--now",
      NOW,
      "-f",
      "json",
    ]);
    const good = JSON.parse(run.stdout);
    assertSchemaValid(good);
    const { passed: _passed, ...withoutPassed } = good;
    assert.equal(validateAgainstSchema(withoutPassed), false);
    const badCheck = { ...good, checks: [{ ...good.checks[0], check: "typo" }] };
    assert.equal(validateAgainstSchema(badCheck), false);
    const customWithoutName = { ...good, checks: [{ ...good.checks[0], check: "custom" }] };
    assert.equal(validateAgainstSchema(customWithoutName), false);
  });

  it("passes clean data (exit 0) and prints the same result as --format json", async () => {
    const run = await mlci([
      "validate",
      fixture("flights-clean.csv"),
      "-s",
      fixture("schema.yml"),
      "--now",
      NOW,
      "-f",
      "json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assertSchemaValid(result);
    assert.equal(result.passed, true);
    assert.deepEqual(result.summary, { checks: 22, failed_errors: 0, failed_warnings: 0 });
    assert.ok(result.checks.every((c: CheckJson) => c.passed && c.examples.length === 0));
  });

  it("fails freshness when the newest row is older than max_age at --now", async () => {
    const run = await mlci([
      "validate",
      fixture("flights-clean.csv"),
      "-s",
      fixture("schema.yml"),
      "--now",
      "2024-03-09T00:00:00Z",
      "-f",
      "json",
    ]);
    assert.equal(run.code, 1);
    const freshness = byKey(JSON.parse(run.stdout).checks).get("date/freshness");
    assert.equal(freshness?.passed, false);
    assert.equal(freshness?.observed, "2024-03-05 16:00:00");
  });

  it("numbers rows the same way in Parquet as in CSV", async () => {
    const parquet = join(work, "faulty.parquet");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await connection.run(
      `COPY (SELECT * FROM read_csv('${fixture("flights-faulty.csv")}', header = true)) TO '${parquet}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    const run = await mlci(["validate", parquet, "-s", fixture("schema.yml"), "--now", NOW, "-f", "json"]);
    assert.equal(run.code, 1, run.stderr);
    const checks = byKey(JSON.parse(run.stdout).checks);
    for (const [key, [failing, rows]] of Object.entries(FAULTY_EXPECTED)) {
      assert.equal(checks.get(key)?.failing_rows, failing, key);
      assert.deepEqual(
        checks.get(key)?.examples.map((e) => e.row),
        rows,
        key,
      );
    }
  });

  it("fails on warnings only with --fail-on warn", async () => {
    const schema = join(work, "warn-only.yml");
    await writeFile(schema, "columns:\n  code: {regex: '[a-z]+', severity: warn}\n");
    const lenient = await mlci(["validate", fixture("flights-clean.csv"), "-s", schema]);
    assert.equal(lenient.code, 0, lenient.stderr);
    assert.match(lenient.stdout, /^PASSED: .*1 warning in 1 checks$/m);
    const strict = await mlci(["validate", fixture("flights-clean.csv"), "-s", schema, "--fail-on", "warn"]);
    assert.equal(strict.code, 1);
  });

  it("takes the data and its contract from a dataset in mlci.yml", async () => {
    const config = join(work, "mlci.yml");
    await writeFile(
      config,
      `data:\n  flights:\n    path: ${fixture("flights-faulty.csv")}\n    contract: ${fixture("schema.yml")}\n`,
    );
    const named = await mlci(["validate", "flights", "--config", config, "--now", NOW, "-f", "json"]);
    assert.equal(named.code, 1, named.stderr);
    assert.equal(JSON.parse(named.stdout).summary.failed_errors, 8);
    const implicit = await mlci(["validate", "--now", NOW, "-f", "markdown"], work);
    assert.equal(implicit.code, 1, implicit.stderr);
    assert.match(implicit.stdout, /^### Data validation: ❌ failed$/m);
    assert.match(implicit.stdout, /^\| ❌ +\| origin +\| allowed +\| 2 /m);
  });

  it("finds the contract of a data path listed in mlci.yml, with paths relative to mlci.yml", async () => {
    const project = await mkdtemp(join(work, "project-"));
    await copyFile(fixture("flights-clean.csv"), join(project, "batch.csv"));
    await copyFile(fixture("schema.yml"), join(project, "contract.yml"));
    await writeFile(join(project, "mlci.yml"), "data:\n  batch:\n    path: batch.csv\n    contract: contract.yml\n");
    const run = await mlci(["validate", "batch.csv", "--now", NOW, "-f", "json"], project);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.data.path, "batch.csv");
    assert.equal(result.contract, "contract.yml");
  });

  describe("bad input: one message, exit 2", () => {
    const schema = fixture("schema.yml");
    it("missing data file", async () => {
      assertOneInputError(
        await mlci(["validate", fixture("nope.csv"), "-s", schema]),
        /nope\.csv: data file not found/,
      );
    });
    it("corrupt Parquet", async () => {
      assertOneInputError(
        await mlci(["validate", fixture("corrupt.parquet"), "-s", schema]),
        /corrupt\.parquet: cannot read as Parquet/,
      );
    });
    it("CSV with a ragged row names the line", async () => {
      assertOneInputError(
        await mlci(["validate", fixture("ragged.csv"), "-s", schema]),
        /ragged\.csv:4: malformed CSV row: expected 3 fields like the header, found 4/,
      );
    });
    it("a contract naming a column the data lacks", async () => {
      assertOneInputError(
        await mlci(["validate", fixture("flights-clean.csv"), "-s", fixture("schema-missing-column.yml")]),
        /schema-missing-column\.yml:3:3: the contract names column "carrier" that the data lacks; the data has 7 columns: id, date, delay/,
      );
    });
    it("an empty dataset", async () => {
      assertOneInputError(
        await mlci(["validate", fixture("empty.csv"), "-s", schema]),
        /empty\.csv: the dataset has no rows/,
      );
    });
    it("a YAML syntax error in the contract, at file:line:col", async () => {
      assertOneInputError(
        await mlci(["validate", fixture("flights-clean.csv"), "-s", fixture("schema-syntax-error.yml")]),
        /schema-syntax-error\.yml:4:1: YAML syntax error: All mapping items must start at the same column/,
      );
    });
    it("a missing contract file", async () => {
      assertOneInputError(
        await mlci(["validate", fixture("flights-clean.csv"), "-s", fixture("nope.yml")]),
        /nope\.yml: data contract not found/,
      );
    });
    it("invalid custom SQL, named by its check", async () => {
      const bad = join(work, "bad-sql.yml");
      await writeFile(bad, "checks:\n  - name: typo\n    expression: distanse > 0\n");
      assertOneInputError(
        await mlci(["validate", fixture("flights-clean.csv"), "-s", bad]),
        /bad-sql\.yml:2:5: custom check "typo" \(expression distanse > 0\) is not valid: Binder Error/,
      );
    });
    it("a second SQL statement smuggled into a custom check", async () => {
      const bad = join(work, "two-statements.yml");
      await writeFile(
        bad,
        "checks:\n  - name: sneaky\n    aggregate: \"true); COPY (SELECT 1) TO 'x.csv'; SELECT (true\"\n",
      );
      assertOneInputError(
        await mlci(["validate", fixture("flights-clean.csv"), "-s", bad]),
        /custom check "sneaky" .* is not valid/,
      );
    });
    it("--out naming the contract leaves the contract unchanged", async () => {
      const copy = join(work, "keep.yml");
      await copyFile(schema, copy);
      assertOneInputError(
        await mlci(["validate", fixture("flights-clean.csv"), "-s", copy, "--out", copy]),
        /is the input .*keep\.yml; writing it would destroy the input/,
      );
      assert.equal(await readFile(copy, "utf8"), await readFile(schema, "utf8"));
    });
  });
});

describe("mlci schema infer", () => {
  it("drafts a contract that its own reference data passes", async () => {
    const out = join(work, "inferred.yml");
    const infer = await mlci(["schema", "infer", fixture("flights-clean.csv"), "--out", out]);
    assert.equal(infer.code, 0, infer.stderr);
    const text = await readFile(out, "utf8");
    assert.match(
      text,
      /^ {2}dest:\n {4}type: category # stored as VARCHAR\n {4}nullable: false.*\n {4}allowed: \[BOS, LAX, SFO\]/m,
    );
    assert.match(text, /^ {4}max_missing: 0\.188 # 1 of 8 missing \(12\.5%\)/m);
    const run = await mlci(["validate", fixture("flights-clean.csv"), "-s", out, "-f", "json"]);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.summary.failed_errors + result.summary.failed_warnings, 0);
    assert.ok(result.summary.checks >= 20);
  });

  it("catches the faults of the faulty batch with the inferred contract", async () => {
    const out = join(work, "inferred-for-faulty.yml");
    assert.equal((await mlci(["schema", "infer", fixture("flights-clean.csv"), "-o", out])).code, 0);
    const run = await mlci(["validate", fixture("flights-faulty.csv"), "-s", out, "-f", "json"]);
    assert.equal(run.code, 1);
    const checks = byKey(JSON.parse(run.stdout).checks);
    assert.equal(checks.get("id/unique")?.failing_rows, 2);
    assert.equal(checks.get("delay/type")?.failing_rows, 1);
  });

  it("prints to stdout without --out", async () => {
    const run = await mlci(["schema", "infer", fixture("flights-clean.csv")]);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^version: 1$/m);
  });

  it("never overwrites an existing file without --force", async () => {
    const out = join(work, "existing.yml");
    await writeFile(out, "# mine\n");
    assertOneInputError(
      await mlci(["schema", "infer", fixture("flights-clean.csv"), "--out", out]),
      /existing\.yml already exists; it was left unchanged\n {2}fix: pass --force/,
    );
    assert.equal(await readFile(out, "utf8"), "# mine\n");
    const forced = await mlci(["schema", "infer", fixture("flights-clean.csv"), "--out", out, "--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(await readFile(out, "utf8"), /^version: 1$/m);
  });

  it("refuses an empty dataset", async () => {
    assertOneInputError(await mlci(["schema", "infer", fixture("empty.csv")]), /the dataset has no rows/);
  });
});
