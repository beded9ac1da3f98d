// measureChecks on a dataset large enough to span several CSV buffers and Parquet row groups, with
// failures planted at known rows. The expected counts and examples come from a plain JavaScript oracle
// over the same rows (not from DuckDB), so row numbering, example order and the exact duplicate count
// are checked independently of the SQL that computes them.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import { type PlannedCheck, planChecks } from "@mlci/core/contract/check-plan.js";
import { parseContract } from "@mlci/core/contract/contract-schema.js";
import { MAX_EXAMPLES } from "@mlci/core/contract/validation-format.js";
import type { JsonValue } from "@mlci/core/contract/validation-result.js";
import type { Measurement } from "@mlci/core/contract/verdict.js";
import { duplicateRowsSql, measureChecks } from "./check-sql.js";
import { type DataSource, openDataSource } from "./data-source.js";

const ROWS = 300_000;

interface Row {
  id: number;
  x: number;
  s: string;
  n: number | null;
  /** A timestamp, which examples show as DuckDB prints it. */
  t: string;
}

/** 2001-01-01 00:00:00 plus `seconds`, as DuckDB prints a TIMESTAMP. */
function timestamp(seconds: number): string {
  return new Date(Date.UTC(2001, 0, 1) + seconds * 1000).toISOString().slice(0, 19).replace("T", " ");
}

/** Deterministic rows with failures and duplicates planted at rows in different CSV buffers and row groups. */
function plantedRows(): Row[] {
  const rows: Row[] = [];
  for (let i = 1; i <= ROWS; i++) {
    const letters = String.fromCharCode(65 + (i % 26), 65 + ((i * 7) % 26), 65 + ((i * 11) % 26));
    rows.push({ id: i, x: ((i * 37) % 1000) / 10, s: letters, n: i % 97, t: timestamp(i * 7) });
  }
  const at = (row: number): Row => rows[row - 1] as Row;
  for (const [row, x] of [
    [2, -1.5],
    [131_073, -2],
    [131_074, -0.25],
    [200_001, -7],
    [250_001, -3],
    [299_000, -4],
  ] as const)
    at(row).x = x;
  for (const row of [5, 122_881, 245_760]) at(row).s = "ab";
  for (const row of [9, 100_000, 299_999]) at(row).n = null;
  at(7).x = 0;
  // Copies of earlier rows: a row with a NULL, a -0.0 that equals 0.0, and a third copy of row 3.
  rows[150_000 - 1] = { ...at(3) };
  rows[260_000 - 1] = { ...at(9) };
  rows[280_000 - 1] = { ...at(7), x: -0 };
  rows[290_000 - 1] = { ...at(3) };
  return rows;
}

const CONTRACT = [
  "columns:",
  "  id: {type: integer, unique: true}",
  "  x: {type: number, min: 0, max: 99}",
  "  s: {type: string, regex: '[A-Z]{3}'}",
  "  n: {nullable: false}",
  "dataset: {duplicate_rows: 0}",
  "checks:",
  "  - {name: low, expression: 'x < 90'}",
].join("\n");

/** What each check must measure, computed in JavaScript: failing-row count and the first examples. */
function oracle(rows: readonly Row[]): Map<string, { failing: number; examples: { row: number; value: unknown }[] }> {
  const expected = new Map<string, { failing: number; examples: { row: number; value: unknown }[] }>();
  const add = (key: string, row: number, value: unknown) => {
    const entry = expected.get(key) ?? { failing: 0, examples: [] };
    entry.failing++;
    if (entry.examples.length < MAX_EXAMPLES) entry.examples.push({ row, value });
    expected.set(key, entry);
  };
  for (const key of ["id/unique", "x/min", "x/max", "s/regex", "n/not_null", "duplicate_rows", "custom"]) {
    expected.set(key, { failing: 0, examples: [] });
  }
  const ids = new Set<number>();
  const seen = new Set<string>();
  rows.forEach((r, index) => {
    const row = index + 1;
    if (ids.has(r.id)) add("id/unique", row, r.id);
    ids.add(r.id);
    if (r.x < 0) add("x/min", row, r.x);
    if (r.x > 99) add("x/max", row, r.x);
    if (!/^[A-Z]{3}$/.test(r.s)) add("s/regex", row, r.s);
    if (r.n === null) add("n/not_null", row, null);
    // JSON.stringify writes -0 as 0, as SQL equality compares them.
    const key = JSON.stringify([r.id, r.x, r.s, r.n, r.t]);
    if (seen.has(key)) add("duplicate_rows", row, { ...r });
    seen.add(key);
    if (!(r.x < 90)) add("custom", row, { ...r });
  });
  return expected;
}

const keyOf = (check: PlannedCheck): string =>
  check.check === "custom" ? "custom" : "column" in check ? `${check.column}/${check.check}` : check.check;

/** Plain JSON, so -0 and 0 compare equal as they do in the data. */
const plain = (value: unknown): JsonValue => JSON.parse(JSON.stringify(value));

let dir: string;
let rows: Row[];
let csvPath: string;
let parquetPath: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlci-single-read-"));
  rows = plantedRows();
  csvPath = join(dir, "planted.csv");
  const lines = [
    "id,x,s,n,t",
    ...rows.map((r) => `${r.id},${Object.is(r.x, -0) ? "-0.0" : r.x},${r.s},${r.n ?? ""},${r.t}`),
  ];
  await writeFile(csvPath, `${lines.join("\n")}\n`);
  parquetPath = join(dir, "planted.parquet");
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  // Small row groups, so the scan runs over many of them in parallel.
  await connection.run(
    `COPY (SELECT * FROM read_csv('${csvPath}', header = true)) TO '${parquetPath}' (FORMAT parquet, ROW_GROUP_SIZE 20000)`,
  );
  connection.closeSync();
  instance.closeSync();
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The same checks without those that group rows: the source is then read by the shared scan alone. */
const ROW_CHECKS_ONLY = CONTRACT.replace(", unique: true", "").replace("dataset: {duplicate_rows: 0}\n", "");
/** Duplicate rows counted by hash in the shared scan, as `estimate: true` asks: no rows kept. */
const ESTIMATED = CONTRACT.replace(", unique: true", "").replace(
  "dataset: {duplicate_rows: 0}",
  "dataset: {duplicate_rows: {max: 0, estimate: true}}",
);

function plan(source: DataSource, contract: string): PlannedCheck[] {
  const parsed = parseContract(contract, "schema.yml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const planned = planChecks(
    parsed.value,
    source.columns.map((c) => c.name),
    "schema.yml",
  );
  if (!planned.ok) throw new Error(JSON.stringify(planned.error));
  return planned.value;
}

async function measuredByKey(source: DataSource, contract = CONTRACT): Promise<Map<string, Measurement>> {
  const checks = plan(source, contract);
  const measured = await measureChecks(source, checks);
  if (!measured.ok) throw new Error(JSON.stringify(measured.error));
  assert.equal(measured.value.rows, ROWS);
  return new Map(checks.map((check) => [keyOf(check), measured.value.measurements.get(check.id) as Measurement]));
}

describe("measureChecks on planted failures", () => {
  for (const format of ["csv", "parquet"] as const) {
    it(`counts and lists the first failing rows in file order (${format})`, async () => {
      const opened = await openDataSource(format === "csv" ? csvPath : parquetPath);
      assert.ok(opened.ok);
      try {
        const measured = await measuredByKey(opened.value);
        for (const [key, want] of oracle(rows)) {
          const got = measured.get(key);
          assert.ok(got, key);
          assert.equal(got.failingRows, want.failing, key);
          if (want.failing > 0) {
            assert.deepEqual(plain(got.examples), plain(want.examples), key);
          }
        }
        // The planted duplicates include a NULL and a -0.0 that equals 0.0: all four count.
        assert.equal(measured.get("duplicate_rows")?.failingRows, 4);
      } finally {
        opened.value.close();
      }
    });
  }
});

describe("row checks alone read the file with its own row numbers", () => {
  for (const format of ["csv", "parquet"] as const) {
    it(`lists the first failing rows in file order without keeping rows (${format})`, async () => {
      const opened = await openDataSource(format === "csv" ? csvPath : parquetPath);
      assert.ok(opened.ok);
      try {
        // A Parquet file numbers its rows itself (file_row_number): no row_number() window in the scan.
        assert.equal(format === "parquet", opened.value.numbered !== undefined);
        const measured = await measuredByKey(opened.value, ROW_CHECKS_ONLY);
        const expected = oracle(rows);
        for (const key of ["x/min", "x/max", "s/regex", "n/not_null", "custom"]) {
          const [got, want] = [measured.get(key), expected.get(key)];
          assert.ok(got && want, key);
          assert.equal(got.failingRows, want.failing, key);
          assert.deepEqual(plain(got.examples), plain(want.examples), key);
        }
      } finally {
        opened.value.close();
      }
    });
  }
});

describe("duplicate rows estimated in the shared scan", () => {
  it("counts the planted duplicates by row hash and lists no rows", async () => {
    const opened = await openDataSource(csvPath);
    assert.ok(opened.ok);
    try {
      const measured = await measuredByKey(opened.value, ESTIMATED);
      assert.equal(measured.get("duplicate_rows")?.failingRows, oracle(rows).get("duplicate_rows")?.failing);
      assert.deepEqual(measured.get("duplicate_rows")?.examples, []);
    } finally {
      opened.value.close();
    }
  });
});

describe("measureChecks reads the data once", () => {
  for (const [what, contract] of [
    ["with checks that group rows", CONTRACT],
    ["with row checks only", ROW_CHECKS_ONLY],
    ["with duplicate rows estimated", ESTIMATED],
  ] as const) {
    it(`however many checks fail, each row of the source is read exactly once (${what})`, async () => {
      // A sequence per column counts the values every query pulls from the file (nextval() is evaluated
      // once per row read, and a column nobody reads is never evaluated).
      const instance = await DuckDBInstance.create(":memory:");
      const connection = await instance.connect();
      const counted = ["id", "x", "s", "n"];
      for (const column of counted) await connection.run(`CREATE SEQUENCE reads_${column}`);
      const select = counted.map((c) => `CASE WHEN nextval('reads_${c}') > 0 THEN ${c} END AS ${c}`).join(", ");
      await connection.run(`CREATE VIEW counted AS SELECT ${select} FROM read_parquet('${parquetPath}')`);
      const source: DataSource = {
        path: parquetPath,
        format: "parquet",
        connection,
        relation: "counted",
        columns: [
          { name: "id", duckdbType: "BIGINT" },
          { name: "x", duckdbType: "DOUBLE" },
          { name: "s", duckdbType: "VARCHAR" },
          { name: "n", duckdbType: "BIGINT" },
        ],
        close: () => {
          connection.closeSync();
          instance.closeSync();
        },
      };
      try {
        const measured = await measuredByKey(source, contract);
        assert.ok([...measured.values()].filter((m) => m.failingRows > 0).length >= 5);
        for (const column of counted) {
          const reader = await connection.runAndReadAll(`SELECT currval('reads_${column}') AS n`);
          assert.equal(Number(reader.getRowObjectsJS()[0]?.n), ROWS, `values of ${column} read`);
        }
      } finally {
        source.close();
      }
    });
  }
});

describe("duplicate rows are counted exactly when row hashes collide", () => {
  it("compares whole rows within a hash group, not the hashes alone", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      // Every row gets the same hash: only the comparison of whole rows can tell duplicates apart.
      await connection.run(
        `CREATE TEMP TABLE collided AS SELECT * FROM (VALUES
           (1, 'a', NULL, 0, 1), (2, 'b', NULL, 0, 2), (1, 'a', NULL, 0, 3), (2, 'c', NULL, 0, 4),
           (2, 'b', NULL, 0, 5), (1, 'a', NULL, 0, 6), (NULL, NULL, NULL, 0, 7), (NULL, NULL, NULL, 0, 8)
         ) AS t(k, v, unused, __mlci_hash, __mlci_row)`,
      );
      const sql = duplicateRowsSql("collided", [
        { name: "k", duckdbType: "INTEGER" },
        { name: "v", duckdbType: "VARCHAR" },
      ]);
      const reader = await connection.runAndReadAll(sql);
      const [result] = reader.getRowObjectsJS();
      assert.ok(result);
      assert.equal(Number(result.n), 4);
      assert.deepEqual(
        (result.examples as { r: bigint }[]).map((e) => Number(e.r)),
        [3, 5, 6, 8],
      );
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
