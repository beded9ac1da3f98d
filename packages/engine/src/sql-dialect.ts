import { HLL_PRECISION } from "@mlci/core/profile/hyperloglog.js";

/**
 * The few places where DuckDB and PostgreSQL SQL differ for profiling. Everything else in the profile
 * query (LN, CEIL, CASE, var_pop, GROUP BY, UNION ALL) is common SQL.
 */
export interface SqlDialect {
  readonly name: "duckdb" | "postgres";
  /** Recorded in HyperLogLog sketches: registers merge only between profiles made with one hash. */
  readonly hashName: string;
  /** A non-negative 64-bit hash of `expr` as an unsigned-safe BIGINT expression. */
  hash(expr: string): string;
  /** Milliseconds since the epoch of a timestamp aggregate, as DOUBLE PRECISION. */
  epochMs(expr: string): string;
  /** How the prepared-columns CTE is declared (materialized once, or inlined per use). */
  readonly cte: string;
}

/** Largest finite double: NaN and +-Infinity fail `BETWEEN -MAX AND MAX` in both engines. */
export const MAX_DOUBLE = "1.7976931348623157e308";

export const duckdbDialect: SqlDialect = {
  name: "duckdb",
  hashName: "duckdb-hash",
  hash: (expr) => `hash(${expr})`,
  epochMs: (expr) => `CAST(epoch_ms(${expr}) AS DOUBLE PRECISION)`,
  // DuckDB streams each branch and reads only the columns it needs: faster than materializing.
  cte: "NOT MATERIALIZED",
};

export const postgresDialect: SqlDialect = {
  name: "postgres",
  hashName: "postgres-hashtextextended",
  // hashtextextended is signed; the register/remainder split below masks to non-negative bits.
  hash: (expr) => `hashtextextended(CAST(${expr} AS TEXT), 0)`,
  epochMs: (expr) => `CAST(EXTRACT(EPOCH FROM ${expr}) * 1000 AS DOUBLE PRECISION)`,
  // PostgreSQL materializes a CTE used many times: one scan of the table, spilling past work_mem.
  cte: "MATERIALIZED",
};

/** HyperLogLog register (low bits) and remainder (the other 64 - precision bits) of a hash. */
export function hllRegisterSql(hash: string): string {
  return `(${hash} & ${2 ** HLL_PRECISION - 1})`;
}

export function hllRemainderSql(hash: string): string {
  // The shift of a signed BIGINT fills with sign bits; the mask keeps the 64 - precision real ones.
  const mask = (1n << BigInt(64 - HLL_PRECISION)) - 1n;
  return `CAST((${hash} >> ${HLL_PRECISION}) & ${mask} AS BIGINT)`;
}
