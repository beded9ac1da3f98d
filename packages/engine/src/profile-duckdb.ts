import type { DatasetProfile } from "@mlci/core/profile/profile-file.js";
import type { DataSource } from "./data-source.js";
import { type ProfileOptions, planColumns } from "./profile-plan.js";
import { type ProfileRow, profileFromRows, profileSql } from "./profile-sql.js";
import { duckdbDialect } from "./sql-dialect.js";

/** Profiles an opened data source with DuckDB (one statement; see profile-sql.ts). */
export async function profileDataSource(source: DataSource, options: ProfileOptions = {}): Promise<DatasetProfile> {
  const columns = planColumns(
    source.columns.map((c) => ({ name: c.name, type: c.duckdbType })),
    options,
  );
  const sql = profileSql(duckdbDialect, source.relation, columns, options);
  const reader = await source.connection.runAndReadAll(sql);
  const rows = reader.getRowObjectsJS() as unknown as ProfileRow[];
  return profileFromRows(rows, columns, source.path, duckdbDialect.hashName, options);
}
