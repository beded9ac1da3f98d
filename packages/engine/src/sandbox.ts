/**
 * A contract's custom SQL is code from whoever last edited schema.yml, a pull request included. Before
 * it runs, the data source's DuckDB is shut in with the data under check: external access off except
 * for the data's own files (for a glob, exactly the files it matched when the data was opened, not
 * their directory; a URL: that URL), and the configuration locked so no SQL can turn it back on.
 * Reading another file (read_text, read_csv, glob), ATTACH, COPY, INSTALL and LOAD then fail with
 * DuckDB's "Permission Error", which the checks report as exit 2.
 */
import { resolve } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { type DataSource, isUrl, sqlLiteral } from "./data-source.js";

/** The connections already confined: the settings are locked after the first time. */
const confined = new WeakSet<DuckDBConnection>();

/**
 * What DuckDB may still read: the data file itself, or the files its glob matched (`files`), each as
 * written and resolved (DuckDB checks the path as the query names it).
 */
export function dataAccess(path: string, files?: readonly string[]): { paths: string[]; directories: string[] } {
  if (isUrl(path)) return { paths: [path], directories: [] };
  const local = files ?? [path];
  return { paths: [...new Set(local.flatMap((file) => [file, resolve(file)]))], directories: [] };
}

function listLiteral(values: readonly string[]): string {
  return `[${values.map(sqlLiteral).join(", ")}]::VARCHAR[]`;
}

export async function confineToData(source: Pick<DataSource, "path" | "connection" | "files">): Promise<void> {
  if (confined.has(source.connection)) return;
  const access = dataAccess(source.path, source.files);
  const connection = source.connection;
  // One round trip: DuckDB runs the statements in order and stops at the first that fails.
  await connection.run(
    [
      `SET allowed_paths = ${listLiteral(access.paths)}`,
      `SET allowed_directories = ${listLiteral(access.directories)}`,
      "SET enable_external_access = false",
      "SET lock_configuration = true",
    ].join(";\n"),
  );
  confined.add(connection);
}

/** Whether a DuckDB error is the sandbox refusing something (a file, a directory, an extension). */
export function isSandboxRefusal(message: string): boolean {
  return /^Permission Error|disabled (by|through) configuration|configuration has been locked/m.test(message);
}
