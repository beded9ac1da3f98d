/**
 * Custom SQL that is valid can still fail on the data: `CAST(name AS INTEGER)` meets "alice". The scan
 * then fails as a whole, and the error must not pass for a malformed file ("malformed CSV row"), nor
 * leave the user to guess which check it was: each custom check is run alone until one fails.
 */
import type { PlannedCheck, Problem, SourceLocation } from "@mlci/core";
import type { DataSource } from "./data-source.js";

/** DuckDB's errors about the file itself: those are the reader's to explain. */
const READ_ERROR = /CSV Error|Expected Number of Columns|Parquet|JSON/i;

function customSql(check: PlannedCheck): { what: string; sql: string } | undefined {
  if (check.check !== "custom") return undefined;
  if ("expression" in check) {
    return {
      what: `custom check "${check.name}" (expression ${check.expression})`,
      sql: `count_if(NOT (${check.expression}))`,
    };
  }
  return { what: `custom check "${check.name}" (aggregate ${check.aggregate})`, sql: `(${check.aggregate})` };
}

/** The problem naming the custom check that makes the scan fail, or undefined when none does alone. */
export async function customSqlFailure(
  source: Pick<DataSource, "connection" | "relation">,
  checks: readonly PlannedCheck[],
  error: unknown,
  locate?: (check: PlannedCheck) => SourceLocation | undefined,
): Promise<Problem | undefined> {
  const text = error instanceof Error ? error.message : String(error);
  if (READ_ERROR.test(text)) return undefined;
  for (const check of checks) {
    const custom = customSql(check);
    if (!custom) continue;
    try {
      await source.connection.run(`SELECT ${custom.sql} FROM ${source.relation}`);
    } catch (failure) {
      const where = locate?.(check);
      const message = (failure instanceof Error ? failure.message : String(failure)).split("\n")[0];
      return {
        kind: "config",
        ...(where ? { location: where } : {}),
        message: `${custom.what} fails on the data: ${message}`,
        fix: "make the SQL hold for every row (e.g. TRY_CAST instead of CAST, which gives NULL for a value that does not convert)",
      };
    }
  }
  return undefined;
}
