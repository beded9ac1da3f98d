import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { scratchDir } from "../support/scratch.js";

/**
 * Real data for the drift quality tests: January 2001 of vega-datasets' flights-3m.parquet, split into
 * two halves by a hash of each row (deterministic, unrelated to any column's value), and the second
 * half with one planted shift each. Shards of a file split it in four the same way.
 */
export const FLIGHTS = "node_modules/vega-datasets/data/flights-3m.parquet";

export interface FlightFiles {
  dir: string;
  reference: string;
  current: string;
  kilometres: string;
  newOrigin: string;
  missingDelay: string;
}

const COLUMNS = "date, delay, distance, origin, destination";
/** A row's pseudo-random number in [0, 1000), from its content and a salt. */
const draw = (salt: string) => `(hash(${COLUMNS}, '${salt}') % 1000)`;

export async function writeFlightFiles(): Promise<FlightFiles> {
  const dir = scratchDir("mlci-drift-flights-");
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(
    `CREATE TABLE january AS SELECT ${COLUMNS}, ${draw("half")} < 500 AS first_half FROM read_parquet('${FLIGHTS}') WHERE month(date) = 1`,
  );
  const write = async (name: string, select: string, where: string) => {
    const path = join(dir, name);
    await connection.run(`COPY (SELECT ${select} FROM january WHERE ${where}) TO '${path}' (FORMAT parquet)`);
    return path;
  };
  const files: FlightFiles = {
    dir,
    reference: await write("reference.parquet", COLUMNS, "first_half"),
    current: await write("current.parquet", COLUMNS, "NOT first_half"),
    kilometres: await write(
      "kilometres.parquet",
      "date, delay, CAST(round(distance * 1.609344) AS BIGINT) AS distance, origin, destination",
      "NOT first_half",
    ),
    newOrigin: await write(
      "new-origin.parquet",
      `date, delay, distance, CASE WHEN ${draw("origin")} < 400 THEN 'XNA' ELSE origin END AS origin, destination`,
      "NOT first_half",
    ),
    missingDelay: await write(
      "missing-delay.parquet",
      `date, CASE WHEN ${draw("missing")} < 300 THEN NULL ELSE delay END AS delay, distance, origin, destination`,
      "NOT first_half",
    ),
  };
  connection.closeSync();
  instance.closeSync();
  return files;
}

/** Splits a Parquet file into 4 shards by a hash of each row; returns their paths. */
export async function writeShards(path: string, dir: string, name: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const shards: string[] = [];
  for (let s = 0; s < 4; s++) {
    const shard = join(dir, `${name}-shard-${s}.parquet`);
    await connection.run(
      `COPY (SELECT * FROM read_parquet('${path}') WHERE hash(${COLUMNS}, 'shard') % 4 = ${s}) TO '${shard}' (FORMAT parquet)`,
    );
    shards.push(shard);
  }
  connection.closeSync();
  instance.closeSync();
  return shards;
}
