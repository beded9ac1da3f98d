#!/usr/bin/env node
// bench: validate flights-3m (CSV, Parquet) against a contract inferred from January, 4 checks failing, vs pandas and one DuckDB query
// Benchmark of `mlci validate` on data where checks fail: the contract inferred from January 2001
// (bench/flights-january.schema.yml, 19 checks, duplicate_rows on) against all of flights-3m (3M rows,
// Jan-Jun), where 4 checks fail, one of them on 2.5M rows. As CSV (105 MB) and as Parquet, alternating
// in each round (bench/support/harness.mjs):
//   mlci validate (a fresh process, start-up included, as in CI),
//   pandas (bench/baselines/pandas_checks.py; CSV only: Debian's pandas has no pyarrow for Parquet),
//   one hand-written DuckDB query with the same counts and no example rows (bench/baselines/duckdb-checks.mjs).
// Every run's failing-row counts are compared check by check; a difference fails the benchmark.
// mlci also runs with `duplicate_rows: {max: 35, estimate: true}` (counted by row hash in the scan,
// no rows kept, no example rows), to show what exact duplicate counting costs.
// Targets (issue 16): pandas / mlci on the CSV ≥ 3x; pandas on the CSV / mlci on Parquet ≥ 10x; peak < 1 GiB.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureFlightsCsv, FLIGHTS_PARQUET } from "./support/flights-csv.mjs";
import {
  alternate,
  DATA,
  MLCI,
  PYTHON,
  printRatio,
  printTable,
  processContender,
  ROOT,
  ratio,
  saveResult,
  stats,
} from "./support/harness.mjs";
import { formatBytes } from "./support/measure.mjs";

const csv = join(DATA, "flights-3m.csv");
const contract = join(ROOT, "bench/flights-january.schema.yml");
const scratch = mkdtempSync(join(tmpdir(), "mlci-bench-validate-"));
// The same contract with duplicate rows counted by row hash in the shared scan (estimate: true).
const estimated = join(scratch, "flights-january-estimate.schema.yml");
const contractText = readFileSync(contract, "utf8");
const estimatedText = contractText.replace(
  /^ {2}duplicate_rows: 35\b.*$/m,
  "  duplicate_rows: {max: 35, estimate: true}",
);
if (estimatedText === contractText) throw new Error("bench/flights-january.schema.yml: duplicate_rows line not found");
writeFileSync(estimated, estimatedText);

/** The failing-row count of every check, keyed column.check, the dataset check, or the custom check's name. */
function mlciCounts(path) {
  const validation = JSON.parse(readFileSync(path, "utf8"));
  const counts = { rows: validation.data.rows };
  for (const check of validation.checks) {
    counts[check.name ?? (check.column ? `${check.column}.${check.check}` : check.check)] = check.failing_rows;
  }
  return counts;
}

function mlci(name, data, schema = contract) {
  const out = join(scratch, `${name}.json`);
  const contender = processContender(
    name,
    process.execPath,
    [MLCI, "validate", data, "--schema", schema, "--out", out],
    {
      okStatuses: [1], // checks fail on this data: exit 1 is the expected outcome
    },
  );
  return { name, run: () => ({ ...contender.run(), counts: mlciCounts(out) }) };
}

function baseline(name, command, args) {
  const contender = processContender(name, command, args);
  return {
    name,
    run: () => {
      const run = contender.run();
      return { ...run, counts: JSON.parse(run.stdout.trim().split("\n").at(-1)) };
    },
  };
}

if (await ensureFlightsCsv(csv)) console.log(`wrote ${csv}`);
const contenders = [
  mlci("mlci validate, CSV", csv),
  baseline("pandas, CSV", PYTHON, [join(ROOT, "bench/baselines/pandas_checks.py"), csv]),
  mlci("mlci validate, Parquet", FLIGHTS_PARQUET),
  baseline("one DuckDB query, CSV", process.execPath, [join(ROOT, "bench/baselines/duckdb-checks.mjs"), csv]),
  mlci("mlci validate, CSV, duplicates estimated", csv, estimated),
  mlci("mlci validate, Parquet, duplicates estimated", FLIGHTS_PARQUET, estimated),
  baseline("one DuckDB query, Parquet", process.execPath, [
    join(ROOT, "bench/baselines/duckdb-checks.mjs"),
    FLIGHTS_PARQUET,
  ]),
];
const result = await alternate(contenders);

// The same counts from every run, or the comparison is between different work.
const reference = result.samples["mlci validate, CSV"][0].counts;
const failing = Object.entries(reference).filter(([key, n]) => key !== "rows" && n > 0);
let agree = true;
for (const [name, runs] of Object.entries(result.samples)) {
  for (const run of runs) {
    const differ = Object.keys(reference).filter((key) => Number(run.counts[key]) !== Number(reference[key]));
    if (differ.length > 0) {
      agree = false;
      console.error(`${name} counts differ from mlci's on ${differ.join(", ")}`);
    }
  }
}

console.log(`flights-3m: ${reference.rows.toLocaleString("en-US")} rows, contract bench/flights-january.schema.yml`);
console.log(
  `failing checks (same counts from every run: ${agree ? "yes" : "NO"}): ${failing.map(([k, n]) => `${k} ${n}`).join(", ")}`,
);
printTable(result);
printRatio("pandas / mlci, CSV", ratio(result, "pandas, CSV", "mlci validate, CSV"), { atLeast: 3 });
printRatio("pandas on the CSV / mlci on Parquet", ratio(result, "pandas, CSV", "mlci validate, Parquet"), {
  atLeast: 10,
});
printRatio(
  "pandas / mlci with duplicates estimated, CSV",
  ratio(result, "pandas, CSV", "mlci validate, CSV, duplicates estimated"),
  { atLeast: 3 },
);
printRatio(
  "pandas on the CSV / mlci with duplicates estimated on Parquet",
  ratio(result, "pandas, CSV", "mlci validate, Parquet, duplicates estimated"),
  { atLeast: 10 },
);
printRatio("mlci / one DuckDB query, CSV", ratio(result, "mlci validate, CSV", "one DuckDB query, CSV"), {
  atMost: 1.5,
});
printRatio("mlci / one DuckDB query, Parquet", ratio(result, "mlci validate, Parquet", "one DuckDB query, Parquet"), {
  atMost: 1.5,
});
const peak = Math.max(
  stats(result.samples["mlci validate, CSV"], "peakBytes")?.max ?? 0,
  stats(result.samples["mlci validate, Parquet"], "peakBytes")?.max ?? 0,
);
console.log(`mlci peak memory: ${formatBytes(peak || undefined)} (target < 1 GiB)`);
saveResult("validate", result, { failing: Object.fromEntries(failing), agree });
// A missed target is a finding to report (printed above), not a failed run; different counts are.
process.exit(agree ? 0 : 1);
