import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { planChecks } from "@mlci/core/contract/check-plan.js";
import { parseContract } from "@mlci/core/contract/contract-schema.js";
import type { Measurement } from "@mlci/core/contract/verdict.js";
import { checkScanSql, measureChecks } from "./check-sql.js";
import { columnStats, usesUnpivotedPlan, WIDE_COLUMNS, WIDE_PLAN_BYTES } from "./column-stats.js";
import { openDataSource } from "./data-source.js";

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlci-check-sql-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `content` as a data file, checks it against `contract`, and returns measurements by check. */
async function measure(file: string, content: string | undefined, contract: string): Promise<Map<string, Measurement>> {
  const path = join(dir, file);
  if (content !== undefined) await writeFile(path, content);
  const parsed = parseContract(contract, "schema.yml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const opened = await openDataSource(path);
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  try {
    const plan = planChecks(
      parsed.value,
      opened.value.columns.map((c) => c.name),
      "schema.yml",
    );
    if (!plan.ok) throw new Error(JSON.stringify(plan.error));
    const measured = await measureChecks(opened.value, plan.value);
    if (!measured.ok) throw new Error(JSON.stringify(measured.error));
    const byName = new Map<string, Measurement>();
    for (const check of plan.value) {
      const key = "column" in check ? `${check.column}/${check.check}` : check.check;
      const m = measured.value.measurements.get(check.id);
      if (m) byName.set(key, m);
    }
    return byName;
  } finally {
    opened.value.close();
  }
}

const rowsOf = (m: Measurement | undefined) => m?.examples.map((e) => e.row);

describe("type checks read text columns value by value", () => {
  // Each column holds one value that is not of its declared type, on a different row, and a NULL that passes.
  const csv = [
    "i,n,b,d,t",
    "1,1.5,true,2024-01-01,2024-01-01 10:00:00",
    "1.5,2,false,2024-01-02,2024-01-02 11:00:00",
    "+3,abc,1,2024-01-03,2024-01-03 12:00:00",
    "4,4e2,maybe,2024-01-04,2024-01-04 13:00:00",
    "5,5,0,31/01/2024,2024-01-05 14:00:00",
    "x,6,t,2024-01-06,noon",
    ",,,,",
  ].join("\n");
  const contract =
    "columns:\n  i: {type: integer}\n  n: {type: number, min: 2}\n  b: {type: boolean}\n  d: {type: date}\n  t: {type: timestamp}\n";

  it("finds exactly the unparsable values, with their rows", async () => {
    // Force text: one non-numeric value per column makes DuckDB's sniffer read each as VARCHAR.
    const m = await measure("types.csv", csv, contract);
    assert.equal(m.get("i/type")?.dataType, "VARCHAR");
    assert.deepEqual(rowsOf(m.get("i/type")), [2, 6]); // "1.5" and "x" ("+3" is an integer)
    assert.deepEqual(rowsOf(m.get("n/type")), [3]); // "abc" ("4e2" is a number)
    assert.deepEqual(rowsOf(m.get("b/type")), [4]); // "maybe"
    assert.deepEqual(rowsOf(m.get("d/type")), [5]); // "31/01/2024"
    assert.deepEqual(rowsOf(m.get("t/type")), [6]); // "noon"
    // min reads the text as numbers: 1.5 < 2 (row 1); "abc" is left to the type check.
    assert.equal(m.get("n/min")?.failingRows, 1);
    assert.equal(m.get("n/min")?.observed, 1.5);
  });
});

describe("checks on typed storage", () => {
  it("judges floats declared integer, integers declared boolean, and timestamps declared date", async () => {
    const csv = "f,z,ts\n1.0,0,2024-01-01 00:00:00\n2.5,1,2024-01-02 00:00:00\n3.0,2,2024-01-03 06:30:00\n";
    const m = await measure(
      "typed.csv",
      csv,
      "columns:\n  f: {type: integer}\n  z: {type: boolean}\n  ts: {type: date}\n",
    );
    assert.equal(m.get("f/type")?.dataType, "DOUBLE");
    assert.deepEqual(rowsOf(m.get("f/type")), [2]);
    assert.deepEqual(rowsOf(m.get("z/type")), [3]);
    assert.deepEqual(rowsOf(m.get("ts/type")), [3]);
    assert.deepEqual(m.get("ts/type")?.examples[0]?.value, "2024-01-03 06:30:00");
  });

  it("compares allowed numbers numerically and ignores NULLs in unique", async () => {
    const ndjson = ['{"k": 1, "u": 7}', '{"k": 2.0, "u": null}', '{"k": 3, "u": null}', '{"k": 2, "u": 7}'].join("\n");
    const m = await measure("values.ndjson", ndjson, "columns:\n  k: {allowed: [1, 2]}\n  u: {unique: true}\n");
    assert.deepEqual(m.get("k/allowed")?.examples, [{ row: 3, value: 3 }]);
    assert.equal(m.get("u/unique")?.failingRows, 1);
    assert.deepEqual(m.get("u/unique")?.examples, [{ row: 4, value: 7 }]);
  });
});

describe("row numbers of kept rows", () => {
  it("are positions in the file even when a column is named rowid", async () => {
    // The kept rows are numbered by DuckDB's rowid pseudo-column, which a data column of that name hides.
    const csv = "RowId,v\n50,1\n40,-1\n30,2\n40,-1\n10,3\n";
    const m = await measure("rowid.csv", csv, "columns:\n  v: {min: 0}\ndataset: {duplicate_rows: 0}\n");
    assert.deepEqual(rowsOf(m.get("v/min")), [2, 4]);
    assert.deepEqual(rowsOf(m.get("duplicate_rows")), [4]);
  });
});

describe("example rows of checks over kept rows", () => {
  // duplicate_rows keeps the rows, so the scan counts and a second query lists the failed checks' rows.
  const csv = "k,v\n1,\n2,\n3,7\n4,\n";
  for (const format of ["csv", "parquet"] as const) {
    it(`lists the rows of a failed max_missing and none of a tolerated one (${format})`, async () => {
      const contract = (ratio: number) => `columns:\n  v: {max_missing: ${ratio}}\ndataset: {duplicate_rows: 0}\n`;
      const file = async (ratio: number) => {
        if (format === "csv") return measure("missing.csv", csv, contract(ratio));
        await writeFile(join(dir, "source.csv"), csv);
        const source = await openDataSource(join(dir, "source.csv"));
        assert.ok(source.ok);
        const parquet = join(dir, "missing.parquet");
        await source.value.connection.run(
          `COPY (SELECT * FROM ${source.value.relation}) TO '${parquet}' (FORMAT parquet)`,
        );
        source.value.close();
        return measure("missing.parquet", undefined, contract(ratio));
      };
      const failed = (await file(0.5)).get("v/max_missing");
      assert.equal(failed?.failingRows, 3);
      assert.deepEqual(rowsOf(failed), [1, 2, 4]);
      const tolerated = (await file(0.8)).get("v/max_missing");
      assert.equal(tolerated?.failingRows, 3);
      assert.deepEqual(rowsOf(tolerated), []);
    });
  }
});

describe("columnStats", () => {
  it("counts, ranges and the values of low-cardinality text columns", async () => {
    const path = join(dir, "stats.csv");
    await writeFile(path, "a,c\n3,x\n,y\n1,x\n3,x\n");
    const opened = await openDataSource(path);
    assert.ok(opened.ok);
    const stats = await columnStats(opened.value);
    opened.value.close();
    assert.ok(stats.ok);
    assert.equal(stats.value.rows, 4);
    assert.equal(stats.value.duplicateRows, 1);
    assert.deepEqual(stats.value.columns[0], {
      name: "a",
      duckdbType: "BIGINT",
      nonNull: 3,
      distinct: 2,
      min: 1,
      max: 3,
    });
    assert.deepEqual(stats.value.columns[1]?.values, ["x", "y"]);
  });

  it("takes the unpivoted plan for wide data and small files, per-column aggregates for tall data", () => {
    const columns = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, duckdbType: "BIGINT" }));
    assert.equal(usesUnpivotedPlan({ columns: columns(7), bytes: 357 }), true);
    assert.equal(usesUnpivotedPlan({ columns: columns(7), bytes: WIDE_PLAN_BYTES }), true);
    assert.equal(usesUnpivotedPlan({ columns: columns(7), bytes: WIDE_PLAN_BYTES + 1 }), false);
    // A glob or URL has no size: tall data is the safer guess below the column limit.
    assert.equal(usesUnpivotedPlan({ columns: columns(7) }), false);
    assert.equal(usesUnpivotedPlan({ columns: columns(WIDE_COLUMNS + 1), bytes: 10 * WIDE_PLAN_BYTES }), true);
  });

  it("the plan for wide data (unpivoted distinct counts and values) measures what the narrow one does", async () => {
    const path = join(dir, "stats-mixed.csv");
    await writeFile(
      path,
      [
        "i,f,s,b,d,ts,empty,many",
        "3,1.5,x,true,2026-01-02,2026-01-02 10:00:00,,a1",
        ",2.25,y,false,2026-01-01,2026-01-02 11:00:00,,a2",
        "1,-0.5,x,,2026-01-03,,,a3",
        "3,1.5,x,true,2026-01-02,2026-01-02 10:00:00,,a1",
        "7,,O'Brien,false,,2026-01-01 09:30:00,,a4",
      ].join("\n"),
    );
    const opened = await openDataSource(path);
    assert.ok(opened.ok);
    try {
      const narrow = await columnStats(opened.value, { wide: false });
      const wide = await columnStats(opened.value, { wide: true });
      assert.ok(narrow.ok && wide.ok);
      assert.deepEqual(wide.value, narrow.value);
      assert.deepEqual(
        narrow.value.columns.map((c) => c.distinct),
        [3, 3, 3, 2, 3, 3, 0, 4],
      );
      assert.deepEqual(narrow.value.columns.find((c) => c.name === "b")?.values, [false, true]);
    } finally {
      opened.value.close();
    }
  });
});

describe("checkScanSql", () => {
  it("answers every check of a plan from a single read of the data", () => {
    const parsed = parseContract(
      [
        "columns:",
        "  a: {type: integer, nullable: false, min: 0, max: 9, allowed: [1, 2], unique: true}",
        "  b: {type: string, regex: '[a-z]+', max_missing: 0.1}",
        "dataset: {row_count: {min: 1}, duplicate_rows: 0}",
        "checks:",
        "  - {name: r, expression: 'a < 5'}",
        "  - {name: g, aggregate: 'avg(a) < 5'}",
      ].join("\n"),
      "schema.yml",
    );
    assert.ok(parsed.ok);
    const columns = [
      { name: "a", duckdbType: "VARCHAR" },
      { name: "b", duckdbType: "VARCHAR" },
    ];
    const plan = planChecks(
      parsed.value,
      columns.map((c) => c.name),
      "schema.yml",
    );
    assert.ok(plan.ok);
    assert.equal(plan.value.length, 13);
    const sql = checkScanSql({ relation: '"mlci_data"', columns }, plan.value);
    assert.equal(sql.split('FROM "mlci_data"').length - 1, 1, sql);
    // One count_if per row-level check: a type, not_null, min, max, allowed; b max_missing, regex; r.
    // (b is stored as text, so its type check needs no reading of values.)
    assert.equal(sql.match(/count_if\(/g)?.length, 8, sql);
    // The rows are kept (unique and duplicate_rows group them), so the scan only counts: the failing
    // checks' example rows and the repeats of unique values come from queries over the kept rows, and
    // the scan sets up no example heaps or DISTINCT hash tables (a fixed cost whatever the rows).
    const scan = sql.split(";\n").at(-1) ?? "";
    assert.doesNotMatch(scan, /arg_min|DISTINCT/, scan);
    // The same plan over a file that numbers its own rows (Parquet): no copy of the rows is made (the
    // follow-ups of unique and duplicate_rows read the file again, which is cheaper than the copy).
    const numbered = checkScanSql(
      { relation: '"mlci_data"', columns, numbered: (row) => `(SELECT *, 1 AS ${row} FROM 'f.parquet')` },
      plan.value,
    );
    assert.doesNotMatch(numbered, /CREATE/, numbered);
    assert.doesNotMatch(numbered, /arg_min|DISTINCT/, numbered);
    // A CSV without unique or duplicate_rows is not kept: reading it again would parse it again, so its
    // one scan also lists every row check's first failing rows.
    const rowChecks = plan.value.filter((c) => c.check !== "unique" && c.check !== "duplicate_rows");
    const unkept = checkScanSql({ relation: '"mlci_data"', columns }, rowChecks);
    assert.doesNotMatch(unkept, /CREATE/, unkept);
    assert.equal(unkept.match(/arg_min\(/g)?.length, 8, unkept);
    assert.equal(numbered.split("FROM 'f.parquet'").length - 1, 1, numbered);
  });
});
