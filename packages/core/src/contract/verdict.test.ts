import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PlannedCheck } from "./check-plan.js";
import { assembleValidation, judge, type Measurement } from "./verdict.js";

const now = new Date("2024-03-10T12:00:00Z");
const measured = (failingRows: number, observed: Measurement["observed"] = failingRows): Measurement => ({
  failingRows,
  observed,
  examples: [
    { row: 2, value: 1 },
    { row: 3, value: 2 },
    { row: 5, value: 3 },
    { row: 8, value: 4 },
    { row: 9, value: 5 },
    { row: 11, value: 6 },
  ],
});

describe("judge", () => {
  it("fails a row check with failing rows, keeping at most five examples", () => {
    const check: PlannedCheck = { id: "c0", check: "min", column: "a", type: "integer", bound: 0, severity: "error" };
    const result = judge(check, measured(6, -4), 100, now);
    assert.equal(result.passed, false);
    assert.equal(result.failing_rows, 6);
    assert.equal(result.examples.length, 5);
    assert.equal(result.observed, -4);
    assert.equal(result.expected, 0);
    assert.equal(result.message, "6 rows below the minimum 0 (smallest −4)");
  });

  it("drops examples from a passing check", () => {
    const check: PlannedCheck = { id: "c0", check: "duplicate_rows", max: 3, estimate: false, severity: "warn" };
    const result = judge(check, measured(2), 100, now);
    assert.equal(result.passed, true);
    assert.deepEqual(result.examples, []);
    assert.equal(result.message, "2 rows repeat an earlier row, within the allowed 3");
  });

  it("compares the missing share with max_missing", () => {
    const check: PlannedCheck = {
      id: "c0",
      check: "max_missing",
      column: "a",
      type: undefined,
      ratio: 0.05,
      severity: "error",
    };
    assert.equal(judge(check, measured(5), 100, now).passed, true);
    const failed = judge(check, measured(6), 100, now);
    assert.equal(failed.passed, false);
    assert.equal(failed.observed, 0.06);
    assert.equal(failed.message, "6% missing (6 rows), more than the allowed 5%");
  });

  it("checks row_count bounds against the data rows", () => {
    const check: PlannedCheck = { id: "c0", check: "row_count", min: 10, max: 20, severity: "error" };
    assert.equal(judge(check, measured(0), 9, now).message, "9 rows, fewer than the minimum 10");
    assert.equal(judge(check, measured(0), 21, now).passed, false);
    assert.equal(judge(check, measured(0), 20, now).passed, true);
  });

  it("judges freshness against the given now", () => {
    const check: PlannedCheck = {
      id: "c0",
      check: "freshness",
      column: "t",
      type: "timestamp",
      maxAge: "36h",
      maxAgeMs: 36 * 3_600_000,
      severity: "error",
    };
    const at = (iso: string): Measurement => ({
      failingRows: 0,
      observed: iso,
      examples: [],
      newestMs: Date.parse(iso),
    });
    const fresh = judge(check, at("2024-03-09T00:00:00Z"), 5, now);
    assert.equal(fresh.passed, true);
    assert.equal(fresh.column, "t");
    const stale = judge(check, at("2024-03-08T23:59:00Z"), 5, now);
    assert.equal(stale.passed, false);
    assert.equal(stale.message, "newest t 2024-03-08T23:59:00Z is 1d 12h old, older than 36h");
    const empty = judge(check, { failingRows: 0, observed: null, examples: [], newestMs: null }, 5, now);
    assert.equal(empty.passed, false);
  });

  it("passes an aggregate custom check only when the condition is true", () => {
    const check: PlannedCheck = { id: "c0", check: "custom", name: "m", aggregate: "avg(a) < 3", severity: "warn" };
    assert.equal(judge(check, measured(0, true), 5, now).passed, true);
    const failed = judge(check, measured(0, null), 5, now);
    assert.equal(failed.passed, false);
    assert.equal(failed.name, "m");
    assert.equal(failed.message, "avg(a) < 3 is NULL");
  });
});

describe("assembleValidation", () => {
  it("fails only on error-level checks and counts warnings apart", () => {
    const checks: PlannedCheck[] = [
      { id: "c0", check: "not_null", column: "a", type: undefined, severity: "warn" },
      { id: "c1", check: "unique", column: "a", type: undefined, severity: "error" },
    ];
    const measurements = new Map([
      ["c0", measured(1)],
      ["c1", measured(0)],
    ]);
    const base = { checks, data: { path: "d.csv", rows: 5, columns: 1 }, contract: "s.yml", now, durationMs: 12.4 };
    const warnOnly = assembleValidation({ ...base, measurements });
    assert.equal(warnOnly.passed, true);
    assert.deepEqual(warnOnly.summary, { checks: 2, failed_errors: 0, failed_warnings: 1 });
    assert.equal(warnOnly.duration_ms, 12);
    assert.equal(warnOnly.checked_at, "2024-03-10T12:00:00.000Z");
    const failing = assembleValidation({ ...base, measurements: new Map([...measurements, ["c1", measured(2)]]) });
    assert.equal(failing.passed, false);
    assert.deepEqual(failing.summary, { checks: 2, failed_errors: 1, failed_warnings: 1 });
  });
});
