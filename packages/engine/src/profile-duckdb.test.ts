import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ProblemError } from "@mlci/core/problem.js";
import { estimateDistinct } from "@mlci/core/profile/hyperloglog.js";
import { profileValues } from "@mlci/core/profile/memory-profile.js";
import type {
  CategoricalColumnProfile,
  NumericColumnProfile,
  TimestampColumnProfile,
} from "@mlci/core/profile/profile-file.js";
import { openDataSource } from "./data-source.js";
import { profileDataSource } from "./profile-duckdb.js";
import { planColumns, rankOf } from "./profile-plan.js";
import { profileSql } from "./profile-sql.js";
import { duckdbDialect } from "./sql-dialect.js";

const scratch = mkdtempSync(join(tmpdir(), "mlci-profile-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A CSV with a numeric column (zeros, negatives, blanks, NaN), a category, a boolean and a timestamp. */
function writeTable(rows: number): { path: string; x: Array<number | null>; city: string[]; flag: boolean[] } {
  const x: Array<number | null> = [];
  const city: string[] = [];
  const flag: boolean[] = [];
  const lines = ["x,city,flag,at"];
  for (let i = 0; i < rows; i++) {
    const value = i % 17 === 0 ? null : i % 13 === 0 ? 0 : Number((((i * 7919) % 1000) / 7 - 40).toFixed(4));
    x.push(value);
    city.push(`c${(i * i) % 61}`);
    flag.push(i % 3 === 0);
    const at = new Date(Date.UTC(2024, 0, 1 + (i % 30), i % 24)).toISOString().replace("T", " ").slice(0, 19);
    lines.push(`${value ?? ""},${city[i]},${flag[i]},${at}`);
  }
  lines.push("NaN,c1,false,2024-02-01 00:00:00");
  x.push(null);
  city.push("c1");
  flag.push(false);
  const path = join(scratch, `table-${rows}.csv`);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return { path, x, city, flag };
}

describe("profiling through DuckDB SQL", () => {
  const table = writeTable(5000);

  it("computes the same sketches, moments and categories as the in-memory profiler", async () => {
    const opened = await openDataSource(table.path);
    assert.ok(opened.ok);
    const profile = await profileDataSource(opened.value, { topK: 20 });
    opened.value.close();
    assert.equal(profile.rows, 5001);
    const x = profile.columns.x as NumericColumnProfile;
    const expected = profileValues(table.x, "numeric") as NumericColumnProfile;
    assert.deepEqual(x.sketch, expected.sketch);
    assert.equal(x.count, expected.count);
    assert.equal(x.missing, expected.missing);
    assert.equal(x.min, expected.min);
    assert.equal(x.max, expected.max);
    assert.ok(Math.abs((x.mean as number) - (expected.mean as number)) < 1e-9);
    assert.ok(Math.abs(x.m2 - expected.m2) < 1e-6 * expected.m2);
    const city = profile.columns.city as CategoricalColumnProfile;
    const expectedCity = profileValues(table.city, "categorical", { topK: 20 }) as CategoricalColumnProfile;
    assert.deepEqual(city.top, expectedCity.top);
    assert.equal(city.other, expectedCity.other);
    assert.deepEqual(profile.columns.flag, profileValues(table.flag, "boolean"));
    const at = profile.columns.at as TimestampColumnProfile;
    assert.equal(at.min, "2024-01-01T00:00:00.000Z");
    assert.equal(at.max, "2024-02-01T00:00:00.000Z");
    assert.equal(at.hll?.hash, "duckdb-hash");
  });

  it("estimates distinct values with DuckDB's hash within the HyperLogLog error", async () => {
    const lines = ["id"];
    for (let i = 0; i < 50_000; i++) lines.push(String(i * 3));
    const path = join(scratch, "ids.csv");
    writeFileSync(path, `${lines.join("\n")}\n`);
    const opened = await openDataSource(path);
    assert.ok(opened.ok);
    const profile = await profileDataSource(opened.value);
    opened.value.close();
    const id = profile.columns.id as NumericColumnProfile;
    assert.ok(id.hll);
    const estimate = estimateDistinct(id.hll);
    assert.ok(Math.abs(estimate - 50_000) < 0.15 * 50_000, `${estimate}`);
  });

  it("reads the HyperLogLog rank from the remainder's leading zeros", () => {
    assert.equal(rankOf(0n), 56);
    assert.equal(rankOf(1n), 55);
    assert.equal(rankOf((1n << 54n) + 5n), 1);
    assert.equal(rankOf(1n << 53n), 2);
  });

  it("a malformed CSV row past the sniffer's sample is an input problem naming the file and line", async () => {
    const lines = ["a,b,c"];
    for (let i = 0; i < 50_000; i++) lines.push(i === 40_000 ? "1,2,3,4" : `${i},${i},x${i}`);
    const path = join(scratch, "ragged-deep.csv");
    writeFileSync(path, `${lines.join("\n")}\n`);
    const opened = await openDataSource(path);
    assert.ok(opened.ok, "the sniffer's sample does not reach the bad row");
    await assert.rejects(profileDataSource(opened.value), (error: unknown) => {
      assert.ok(error instanceof ProblemError, String(error));
      assert.deepEqual(error.problems[0]?.location, { file: path, line: 40_002 });
      assert.match(error.problems[0]?.message ?? "", /malformed CSV row: expected 3 columns, found 4/);
      return true;
    });
    opened.value.close();
  });

  it("without distinct estimates: no HyperLogLog query part, hll and distinct null, the rest as the full profile", async () => {
    const opened = await openDataSource(table.path);
    assert.ok(opened.ok);
    const full = await profileDataSource(opened.value, { topK: 5 });
    const lean = await profileDataSource(opened.value, { topK: 5, distinct: false });
    const plan = planColumns(
      opened.value.columns.map((c) => ({ name: c.name, type: c.duckdbType })),
      {},
    );
    const sql = profileSql(duckdbDialect, opened.value.relation, plan, { distinct: false });
    opened.value.close();
    assert.doesNotMatch(sql, /hash\(/);
    for (const [name, column] of Object.entries(lean.columns)) {
      const reference = full.columns[name];
      assert.ok(reference);
      if (column.type === "boolean") {
        assert.deepEqual(column, reference, name);
        continue;
      }
      assert.equal(column.hll, null, name);
      // city has 61 values, more than the top 5: its distinct count is not known without the sketch.
      assert.equal(column.distinct, null, name);
      assert.deepEqual(
        { ...column, hll: undefined, distinct: undefined },
        { ...reference, hll: undefined, distinct: undefined },
        name,
      );
    }
  });

  it("leaves excluded columns out", async () => {
    const opened = await openDataSource(table.path);
    assert.ok(opened.ok);
    const profile = await profileDataSource(opened.value, { exclude: ["city", "at"] });
    opened.value.close();
    assert.deepEqual(Object.keys(profile.columns), ["x", "flag"]);
  });
});

describe("profileSql", () => {
  it("checks a floating-point column for NaN and infinities, an integer column not (it has none)", async () => {
    const columns = planColumns(
      [
        { name: "n", type: "BIGINT" },
        { name: "f", type: "DOUBLE" },
        { name: "d", type: "DECIMAL(9,2)" },
        { name: "p", type: "integer" },
      ],
      {},
    );
    const prepared = /prepared AS [^(]*\((.*?) FROM "t"\)/.exec(profileSql(duckdbDialect, '"t"', columns, {}))?.[1];
    assert.deepEqual(
      prepared?.split(/, (?=CASE|CAST)/).map((expression) => expression.startsWith("CASE WHEN")),
      [false, true, true, false],
      prepared,
    );
    // Same profile either way: integers as DuckDB reads them from a CSV (BIGINT) against the in-memory profiler.
    const values = Array.from({ length: 3000 }, (_, i) => (i % 11 === 0 ? null : ((i * 7919) % 2001) - 1000));
    const path = join(scratch, "integers.csv");
    writeFileSync(path, `n\n${values.map((v) => v ?? "").join("\n")}\n`);
    const opened = await openDataSource(path);
    assert.ok(opened.ok);
    assert.equal(opened.value.columns[0]?.duckdbType, "BIGINT");
    const profile = await profileDataSource(opened.value);
    opened.value.close();
    const n = profile.columns.n as NumericColumnProfile;
    const expected = profileValues(values, "numeric") as NumericColumnProfile;
    assert.deepEqual(n.sketch, expected.sketch);
    assert.deepEqual(
      [n.count, n.missing, n.min, n.max],
      [expected.count, expected.missing, expected.min, expected.max],
    );
    assert.ok(Math.abs((n.mean as number) - (expected.mean as number)) < 1e-9);
  });

  it("groups a text column by value once: its count, categories and HyperLogLog read those groups", () => {
    const columns = planColumns(
      [
        { name: "city", type: "VARCHAR" },
        { name: "x", type: "DOUBLE" },
      ],
      {},
    );
    const sql = profileSql(duckdbDialect, '"t"', columns, {});
    // The statements of the query (CTEs and UNION ALL parts) that read city (v0) from the prepared rows:
    // one GROUP BY, where a count, a GROUP BY of categories and one of HyperLogLog registers each read them.
    const statements = sql.split(/\nUNION ALL\n|,\n/);
    const readers = statements.filter((part) => /\bv0\b/.test(part) && /FROM prepared\b/.test(part));
    assert.equal(readers.length, 1, readers.join("\n"));
    assert.match(readers[0] ?? "", /GROUP BY v0/);
  });
});
