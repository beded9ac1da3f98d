// Real data for the demo: flights between the 12 busiest airports of flights-3m (vega-datasets).
// January is the reference a contract is inferred from; a March sample is a clean new batch; a copy of
// it with planted faults is a broken one. Small files, so the demo runs in seconds.
import { join } from "node:path";

export const title = "Export flights data: January as reference, March batches clean and broken";

/** Rows in each March batch: enough to look real, small enough to validate instantly. */
const BATCH_ROWS = 2000;

export async function run(demo) {
  const db = demo.duckdb;
  const files = {
    reference: join(demo.out, "flights-2001-01.csv"),
    clean: join(demo.out, "flights-2001-03-batch.csv"),
    broken: join(demo.out, "flights-2001-03-broken.csv"),
  };
  await db.run(`CREATE VIEW flights AS SELECT * FROM read_parquet('${demo.flights}')`);
  await db.run(
    "CREATE TABLE busiest AS SELECT origin AS code FROM flights GROUP BY origin ORDER BY count(*) DESC, origin LIMIT 12",
  );
  await db.run(`CREATE VIEW hubs AS SELECT * FROM flights
    WHERE origin IN (SELECT code FROM busiest) AND destination IN (SELECT code FROM busiest)`);
  await db.run(`COPY (SELECT * FROM hubs WHERE month(date) = 1 ORDER BY date, origin, destination)
    TO '${files.reference}' (HEADER)`);
  // A sample picked by a hash of each row, not by a random generator: the same batch on every run,
  // machine and thread count.
  // Without repeated rows (the raw data has a few), so the one planted duplicate is the only one.
  await db.run(`CREATE TABLE march AS SELECT DISTINCT * FROM hubs WHERE month(date) = 3
    ORDER BY hash(date, delay, distance, origin, destination), date LIMIT ${BATCH_ROWS}`);
  await db.run(`CREATE TABLE march_sorted AS
    SELECT row_number() OVER (ORDER BY date, origin, destination, delay, distance) AS n, * FROM march`);
  await db.run(`COPY (SELECT * EXCLUDE (n) FROM march_sorted ORDER BY n) TO '${files.clean}' (HEADER)`);
  // The planted faults, each on known rows: what validation must find.
  await db.run(`COPY (
    SELECT date,
           CASE WHEN n IN (10, 20, 30) THEN NULL ELSE delay END AS delay,
           CASE WHEN n IN (40, 50) THEN -distance ELSE distance END AS distance,
           CASE WHEN n IN (60, 70) THEN 'XXX' ELSE origin END AS origin,
           destination
    FROM (SELECT * FROM march_sorted UNION ALL SELECT * FROM march_sorted WHERE n = 80)
    ORDER BY n) TO '${files.broken}' (HEADER)`);
  const count = async (path) =>
    Number((await db.runAndReadAll(`SELECT count(*) FROM read_csv('${path}')`)).getRows()[0][0]);
  demo.say(`reference ${demo.show(files.reference)}: ${await count(files.reference)} flights of January 2001`);
  demo.say(`clean     ${demo.show(files.clean)}: ${await count(files.clean)} flights of March 2001`);
  demo.say(`broken    ${demo.show(files.broken)}: the same batch with planted faults:`);
  demo.say("          3 missing delays, 2 negative distances, 2 unknown airport codes (XXX), 1 duplicated row");
  demo.values.flights = files;
}
