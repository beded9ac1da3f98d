import assert from "node:assert/strict";
import { chmodSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import type { DriftReport } from "@mlci/core/drift/drift-file.js";
import type {
  CategoricalColumnProfile,
  DatasetProfile,
  NumericColumnProfile,
} from "@mlci/core/profile/profile-file.js";
import pg from "pg";
import { type PostgresServer, postgresUnavailable, startPostgres } from "../support/postgres-server.js";
import { type FlightFiles, writeFlightFiles } from "./flights-fixtures.js";
import { runMlci } from "./run-mlci.js";

const unavailable = postgresUnavailable();
if (unavailable) console.log(`# ${unavailable}`);

/** Loads a Parquet file into a PostgreSQL table through a CSV the server reads itself. */
async function loadTable(server: PostgresServer, parquet: string, table: string): Promise<void> {
  const csv = join(server.dir, `${table}.csv`);
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(`COPY (SELECT * FROM read_parquet('${parquet}')) TO '${csv}' (HEADER, FORMAT csv)`);
  connection.closeSync();
  instance.closeSync();
  chmodSync(csv, 0o644);
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  await client.query(
    `CREATE TABLE ${table} (date TIMESTAMP, delay BIGINT, distance BIGINT, origin TEXT, destination TEXT)`,
  );
  await client.query(`COPY ${table} FROM '${csv}' WITH (FORMAT csv, HEADER true)`);
  await client.end();
}

describe("profiling where the data lives: PostgreSQL 15", { skip: unavailable }, () => {
  let server: PostgresServer;
  let files: FlightFiles;
  before(async () => {
    server = await startPostgres();
    files = await writeFlightFiles();
    await loadTable(server, files.current, "flights_current");
    await loadTable(server, files.kilometres, "flights_km");
  });
  after(() => server?.stop());

  const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

  it("gives the same profile in PostgreSQL as in DuckDB (sketches, moments, categories)", async () => {
    const fromPg = join(files.dir, "pg.json");
    const fromDuck = join(files.dir, "duck.json");
    const run = await runMlci(["profile", `${server.url}?table=flights_current`, "--out", fromPg]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal((await runMlci(["profile", files.current, "--out", fromDuck])).status, 0);
    const a = readJson<DatasetProfile>(fromPg);
    const b = readJson<DatasetProfile>(fromDuck);
    assert.equal(a.rows, b.rows);
    assert.doesNotMatch(a.source, /password/);
    for (const name of ["delay", "distance"]) {
      const x = a.columns[name] as NumericColumnProfile;
      const y = b.columns[name] as NumericColumnProfile;
      assert.deepEqual(x.sketch, y.sketch, name);
      assert.equal(x.count, y.count);
      assert.equal(x.min, y.min);
      assert.equal(x.max, y.max);
      assert.ok(Math.abs((x.mean as number) - (y.mean as number)) < 1e-9 * Math.abs(y.mean as number));
      assert.equal(x.hll?.hash, "postgres-hashtextextended");
      // Different hash functions, each within 4 standard errors (4.6%) of the other's estimate.
      assert.ok(Math.abs((x.distinct as number) - (y.distinct as number)) <= 0.2 * (y.distinct as number));
    }
    const origin = a.columns.origin as CategoricalColumnProfile;
    assert.deepEqual(origin.top, (b.columns.origin as CategoricalColumnProfile).top);
    const [pgDate, duckDate] = [a.columns.date, b.columns.date];
    assert.ok(pgDate?.type === "timestamp" && duckDate?.type === "timestamp");
    assert.deepEqual([pgDate.min, pgDate.max, pgDate.count], [duckDate.min, duckDate.max, duckDate.count]);
  });

  it("detects the planted unit change in a PostgreSQL table against a DuckDB reference", async () => {
    const out = join(files.dir, "pg-drift.json");
    const run = await runMlci([
      "drift",
      "--reference",
      files.reference,
      "--current",
      `${server.url}?table=flights_km`,
      "--out",
      out,
    ]);
    assert.notEqual(run.status, 2, run.stderr);
    assert.deepEqual(readJson<DriftReport>(out).drifted_features, ["distance"]);
  });

  it("names a missing table as an input problem (exit 2)", async () => {
    const run = await runMlci(["profile", `${server.url}?table=nope`]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /table nope not found/);
  });
});
