import { createRequire } from "node:module";
import type * as DuckDB from "@duckdb/node-api";
import type DuckDBBindings from "@duckdb/node-bindings";

/**
 * DuckDB's API, loaded when a command first opens data (`mlci --help` or `mlci report` never does).
 * Required, not imported: Node's ESM import of a CommonJS package scans every file it re-exports for
 * export names, 0.15 s of CPU per run for this one. scripts/dist.mjs bundles it as a plain require.
 */
export function duckdb(): typeof DuckDB {
  loaded ??= createRequire(import.meta.url)("@duckdb/node-api") as typeof DuckDB;
  return loaded;
}

let loaded: typeof DuckDB | undefined;

/**
 * DuckDB's C API as @duckdb/node-api itself calls it, for reading a result's numbers as whole arrays
 * (column-batches.ts): the API's own vectors hand out one value per call.
 */
export function duckdbBindings(): typeof DuckDBBindings {
  bindings ??= createRequire(import.meta.url)("@duckdb/node-bindings") as typeof DuckDBBindings;
  return bindings;
}

let bindings: typeof DuckDBBindings | undefined;
