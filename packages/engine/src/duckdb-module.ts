import { createRequire } from "node:module";
import type * as DuckDB from "@duckdb/node-api";

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
