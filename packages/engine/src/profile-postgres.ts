import { createRequire } from "node:module";
import type { Problem } from "@mlci/core/problem.js";
import type { DatasetProfile } from "@mlci/core/profile/profile-file.js";
import { err, ok, type Result } from "@mlci/core/result.js";
import type pg from "pg";
import { quoteIdentifier } from "./data-source.js";
import { type ProfileOptions, planColumns } from "./profile-plan.js";
import { type ProfileRow, profileFromRows, profileSql } from "./profile-sql.js";
import { postgresDialect } from "./sql-dialect.js";

/**
 * Profiles a PostgreSQL table where it lives: the profile statement of profile-sql.ts in PostgreSQL's
 * dialect, so only the small grouped result crosses the network, never the rows.
 */

export interface PostgresTarget {
  /** Connection string without the `table` parameter. */
  connectionString: string;
  /** `table` or `schema.table`. */
  table: string;
}

/** `postgres://user@host:port/db?table=schema.name` (the table may also come from `table`). */
export function parsePostgresTarget(input: string, table?: string): Result<PostgresTarget, Problem[]> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return err([usage(`not a PostgreSQL URL: ${redact(input)}`)]);
  }
  const name = table ?? url.searchParams.get("table") ?? undefined;
  url.searchParams.delete("table");
  if (!name) return err([usage(`no table named for ${redact(input)}`)]);
  return ok({ connectionString: url.toString(), table: name });
}

function usage(message: string): Problem {
  return {
    kind: "usage",
    message,
    fix: "name the table: postgres://user@host:5432/db?table=schema.name (or --table schema.name)",
  };
}

/** The URL without its password, for messages and the profile's `source`. */
export function redact(input: string): string {
  try {
    const url = new URL(input);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return input.replace(/:[^:@/]*@/, ":***@");
  }
}

function quoteTable(table: string): string {
  return table.split(".").map(quoteIdentifier).join(".");
}

export async function profilePostgres(
  target: PostgresTarget,
  options: ProfileOptions = {},
): Promise<Result<DatasetProfile, Problem[]>> {
  // Loaded here, for the one command that reads PostgreSQL (see duckdb-module.ts for why required).
  const { Client } = createRequire(import.meta.url)("pg") as typeof pg;
  const client = new Client({ connectionString: target.connectionString });
  const where = redact(target.connectionString);
  try {
    await client.connect();
  } catch (error) {
    return err([
      {
        kind: "input",
        message: `cannot connect to PostgreSQL at ${where}: ${(error as Error).message}`,
        fix: "check host, port, database, user and password (PGPASSWORD is read from the environment)",
      },
    ]);
  }
  try {
    const columns = await tableColumns(client, target.table);
    if (columns.length === 0) {
      return err([
        {
          kind: "input",
          message: `table ${target.table} not found (or has no columns) at ${where}`,
          fix: "check the table name and search_path",
        },
      ]);
    }
    const planned = planColumns(columns, options);
    const result = await client.query(profileSql(postgresDialect, quoteTable(target.table), planned, options));
    const source = `${where}${where.includes("?") ? "&" : "?"}table=${target.table}`;
    return ok(profileFromRows(result.rows as ProfileRow[], planned, source, postgresDialect.hashName, options));
  } catch (error) {
    return err([{ kind: "input", message: `profiling ${target.table} failed: ${(error as Error).message}` }]);
  } finally {
    await client.end();
  }
}

async function tableColumns(client: pg.Client, table: string): Promise<Array<{ name: string; type: string }>> {
  const [schema, name] = table.includes(".") ? table.split(".", 2) : [null, table];
  const result = await client.query(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_name = $1 AND table_schema = COALESCE($2, current_schema()) ORDER BY ordinal_position`,
    [name, schema],
  );
  return result.rows.map((r: { column_name: string; data_type: string }) => ({
    name: r.column_name,
    type: r.data_type,
  }));
}
