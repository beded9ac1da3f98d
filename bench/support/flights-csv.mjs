// The CSV twins of flights-3m.parquet that the benchmarks read, written once into bench/.data/ with
// DuckDB's COPY (timestamps as ISO text) and renamed into place, so a killed run leaves no half file.
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const FLIGHTS_PARQUET = join(root, "node_modules/vega-datasets/data/flights-3m.parquet");

/** Writes the flights rows matching `where` (SQL, optional) as CSV at `path` unless it exists; true when written. */
export async function ensureFlightsCsv(path, where) {
  if (existsSync(path)) return false;
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const filter = where ? ` WHERE ${where}` : "";
  await connection.run(
    `COPY (SELECT * FROM read_parquet('${FLIGHTS_PARQUET}')${filter}) TO '${partial}' (HEADER, DELIMITER ',')`,
  );
  connection.closeSync();
  instance.closeSync();
  renameSync(partial, path);
  return true;
}
