#!/usr/bin/env node
// bench: A/A drift (no timings): random halves of flights-3m, 250k to 1M rows a side, must not drift
//
// Two random halves of one data set come from the same distribution: every drift flag on them is a
// false alarm. With millions of rows a p-value test flags differences far too small to matter, which is
// why the default rule judges large samples by effect sizes (drift-rule.ts). This checks the defaults at
// the sizes the rule is meant for: flights-3m (vega-datasets, about 3M rows over six months) split by a
// hash of the row number and a salt into two disjoint random samples of 250k, 500k and 1M rows each,
// DRIFT_SPLITS salts (default 10) per size. Each side is profiled with the engine (as `mlci profile`)
// and compared with the default rule (as `mlci drift`). Prints, per size and feature, the largest
// distance over the splits against its default threshold (Wasserstein / std for numbers against 0.1,
// Jensen-Shannon for categories against 0.1: the rule's statistic on large samples, and the severity
// measure on small ones), the share of KS (numbers) or chi-square (categories) p-values below 0.05
// and the smallest, and how many splits drifted, were severe, or failed the run. On random halves
// every drift is false; the p-values below 0.05 should be about 5%.
import { DuckDBInstance } from "@duckdb/node-api";
import { compareProfiles } from "@mlci/core/drift/dataset-drift.js";
import { DEFAULT_JENSEN_SHANNON, DEFAULT_WASSERSTEIN } from "@mlci/core/drift/drift-rule.js";
import { profileDataSource } from "@mlci/engine/profile-duckdb.js";
import { FLIGHTS_PARQUET } from "./support/flights-csv.mjs";

const SPLITS = Number(process.env.DRIFT_SPLITS ?? 10);
const SIZES = (process.env.DRIFT_SIZES ?? "250000,500000,1000000").split(",").map(Number);
const COLUMNS = "date, delay, distance, origin, destination";

const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
const connection = await instance.connect();
await connection.run(`CREATE TABLE flights AS SELECT ${COLUMNS} FROM read_parquet('${FLIGHTS_PARQUET}')`);
const total = Number((await connection.runAndReadAll("SELECT count(*) FROM flights")).getRows()[0][0]);
const columns = (await connection.runAndReadAll("DESCRIBE flights"))
  .getRowObjectsJS()
  .map((row) => ({ name: String(row.column_name), duckdbType: String(row.column_type) }));

/** The engine's profile of one side, read through a view (the DataSource shape profileDataSource needs). */
async function profileSide(name, where) {
  await connection.run(`CREATE OR REPLACE VIEW ${name} AS SELECT ${COLUMNS} FROM flights WHERE ${where}`);
  return profileDataSource({ path: name, format: "parquet", connection, relation: name, columns, close() {} });
}

const started = performance.now();
console.log(`A/A drift: random halves of flights-3m (${total.toLocaleString("en")} rows), ${SPLITS} splits per size`);
let falseFailures = 0;
for (const size of SIZES) {
  if (2 * size > total) {
    console.log(`\n${size.toLocaleString("en")} rows a side: more than half of the file, skipped`);
    continue;
  }
  const perFeature = new Map();
  let failed = 0;
  for (let split = 0; split < SPLITS; split++) {
    // A uniform position per row from its row number and the salt: side A takes the first `size`
    // positions, side B the next `size`, so the two are disjoint random samples of the file.
    const position = `(hash(rowid, 'split-${split}') % ${total})`;
    const a = await profileSide("side_a", `${position} < ${size}`);
    const b = await profileSide("side_b", `${position} >= ${size} AND ${position} < ${2 * size}`);
    const report = compareProfiles(a, b);
    if (report.drifted) failed++;
    for (const [name, f] of Object.entries(report.features)) {
      const entry = perFeature.get(name) ?? {
        method: new Set(),
        ratio: 0,
        pMin: 1,
        pBelow: 0,
        missing: 0,
        drifted: 0,
        severe: 0,
      };
      const distance =
        f.type === "numeric"
          ? (f.statistics?.wasserstein ?? 0) / DEFAULT_WASSERSTEIN
          : (f.statistics?.jensen_shannon ?? 0) / DEFAULT_JENSEN_SHANNON;
      entry.ratio = Math.max(entry.ratio, distance);
      entry.method.add(f.method);
      const p = f.statistics?.ks?.p_value ?? f.statistics?.chi_square?.p_value ?? 1;
      entry.pMin = Math.min(entry.pMin, p);
      if (p < 0.05) entry.pBelow++;
      entry.missing = Math.max(entry.missing, Math.abs(f.missing.delta) / f.missing.threshold);
      if (f.drifted) entry.drifted++;
      if (f.severe) entry.severe++;
      perFeature.set(name, entry);
    }
  }
  falseFailures += failed;
  console.log(`\n${size.toLocaleString("en")} rows a side: ${failed} of ${SPLITS} splits failed the run (drift)`);
  console.log(
    "feature        method          max distance/threshold   max missing change/threshold   drifted  severe   test p < 0.05 (smallest p)",
  );
  for (const [name, e] of perFeature) {
    console.log(
      `${name.padEnd(15)}${[...e.method].join("/").padEnd(16)}${e.ratio.toFixed(3).padStart(24)}${e.missing.toFixed(4).padStart(33)}${String(e.drifted).padStart(9)}${String(e.severe).padStart(8)}${`${e.pBelow} of ${SPLITS} (${e.pMin.toPrecision(2)})`.padStart(29)}`,
    );
  }
}
console.log(
  `\nfalse failures: ${falseFailures}; ${((performance.now() - started) / 1000).toFixed(0)} s (the test column: KS for numbers, chi-square for categories, which the rule does not use at these sizes; on random halves about 5% of them fall below 0.05 by chance)`,
);
connection.closeSync();
instance.closeSync();
