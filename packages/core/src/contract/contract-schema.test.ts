import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseContract } from "./contract-schema.js";
import { formatDuration, parseDuration } from "./duration.js";

describe("parseContract", () => {
  it("accepts bare values and {value, severity} for every column check", () => {
    const text = [
      "columns:",
      "  delay:",
      "    type: integer",
      "    nullable: false",
      "    min: {value: -60, severity: warn}",
      "    max: 2000",
      "  origin:",
      "    type: {value: category, severity: warn}",
      "    allowed: [SFO, LAX]",
      "    regex: '[A-Z]{3}'",
      "    required: false",
      "dataset:",
      "  row_count: {min: 10}",
      "  duplicate_rows: 0",
      "  freshness: {column: date, max_age: 36h}",
      "checks:",
      "  - name: positive",
      "    expression: distance > 0",
      "  - name: mean_delay",
      "    aggregate: avg(delay) < 30",
      "    severity: warn",
    ].join("\n");
    const parsed = parseContract(text, "schema.yml");
    assert.ok(parsed.ok, JSON.stringify(parsed));
    const contract = parsed.value;
    assert.equal(contract.version, 1);
    assert.deepEqual(contract.columns.delay?.min, { value: -60, severity: "warn" });
    assert.equal(contract.columns.delay?.required, true);
    assert.equal(contract.columns.origin?.required, false);
    assert.equal(contract.dataset.duplicate_rows, 0);
    assert.equal(contract.checks[1]?.aggregate, "avg(delay) < 30");
  });

  it("places a wrong value on its line and column with the accepted spellings", () => {
    const parsed = parseContract("columns:\n  delay:\n    nullable: maybe\n", "schema.yml");
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    assert.equal(parsed.error.length, 1);
    assert.deepEqual(parsed.error[0]?.location, { file: "schema.yml", line: 3, column: 15 });
    assert.match(parsed.error[0]?.message ?? "", /columns\.delay\.nullable: expected true\|false, or \{value/);
  });

  it("rejects a custom check with both or neither of expression and aggregate", () => {
    const parsed = parseContract("checks:\n  - name: x\n", "s.yml");
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    assert.match(parsed.error[0]?.message ?? "", /exactly one of expression/);
  });

  it("rejects a numeric bound on a timestamp column and a bad duration", () => {
    const parsed = parseContract(
      "columns:\n  t:\n    type: timestamp\n    min: 5\ndataset:\n  freshness: {column: t, max_age: soon}\n",
      "s.yml",
    );
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    const messages = parsed.error.map((p) => p.message);
    assert.ok(
      messages.some((m) => /columns\.t\.min: expected a timestamp like/.test(m)),
      messages.join("\n"),
    );
    assert.ok(
      messages.some((m) => /max_age: expected a duration/.test(m)),
      messages.join("\n"),
    );
  });

  it("rejects freshness on a column declared as a number, and duplicate check names", () => {
    const parsed = parseContract(
      "columns:\n  n: {type: number}\ndataset:\n  freshness: {column: n, max_age: 1d}\nchecks:\n  - {name: a, expression: 'n > 0'}\n  - {name: a, expression: 'n < 9'}\n",
      "s.yml",
    );
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    const messages = parsed.error.map((p) => p.message).join("\n");
    assert.match(messages, /freshness needs a date or timestamp column; "n" is declared number/);
    assert.match(messages, /duplicate check name "a"/);
  });

  it("names unknown keys", () => {
    const parsed = parseContract("columns:\n  a:\n    nullabel: false\n", "s.yml");
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    assert.match(parsed.error[0]?.message ?? "", /unknown key "nullabel"/);
  });
});

describe("durations", () => {
  it("parses units and sums", () => {
    assert.equal(parseDuration("36h"), 36 * 3_600_000);
    assert.equal(parseDuration("2d"), 2 * 86_400_000);
    assert.equal(parseDuration("1d12h"), 36 * 3_600_000);
    assert.equal(parseDuration("90m"), 5_400_000);
    assert.equal(parseDuration("1w"), 7 * 86_400_000);
    assert.equal(parseDuration("36"), undefined);
    assert.equal(parseDuration("3 months"), undefined);
  });

  it("formats in the two largest units", () => {
    assert.equal(formatDuration(36 * 3_600_000), "1d 12h");
    assert.equal(formatDuration(45 * 60_000 + 10_000), "45m 10s");
    assert.equal(formatDuration(0), "0s");
  });
});
