import { ProblemError } from "@mlci/core/problem.js";
import type { DatasetProfile } from "@mlci/core/profile/profile-file.js";
import { type DataSource, readErrorProblem } from "./data-source.js";
import { type ProfileOptions, planColumns } from "./profile-plan.js";
import { type ProfileRow, profileFromRows, profileSql } from "./profile-sql.js";
import { duckdbDialect } from "./sql-dialect.js";

/**
 * Profiles an opened data source with DuckDB (one statement; see profile-sql.ts). Data that DuckDB
 * finds unreadable during the scan (a malformed CSV row past the sniffer's sample, say) is an input
 * problem naming the file and line.
 */
export async function profileDataSource(source: DataSource, options: ProfileOptions = {}): Promise<DatasetProfile> {
  const columns = planColumns(
    source.columns.map((c) => ({ name: c.name, type: c.duckdbType })),
    options,
  );
  const sql = profileSql(duckdbDialect, source.relation, columns, options);
  let rows: ProfileRow[];
  try {
    const reader = await source.connection.runAndReadAll(sql);
    rows = reader.getRowObjectsJS() as unknown as ProfileRow[];
  } catch (error) {
    throw new ProblemError(readErrorProblem(source.path, source.format, error), { cause: error });
  }
  return profileFromRows(rows, columns, source.path, duckdbDialect.hashName, options);
}
