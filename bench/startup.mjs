#!/usr/bin/env node
// bench: start-up of `mlci --help` and of DuckDB commands vs `node -e 0` and Node running the command's DuckDB SQL (<= 3x; <= 1.1x)
// Benchmark of the CLI's start-up (issue #13): the fixed cost of a command, measured beside a bare Node
// process in the same run. Each round runs every case once, in turn (so load changes hit all of them
// alike), as a fresh process, in reverse order every other round (so a drift of the machine's speed
// within a round favours no case); ROUNDS rounds. For each case: median wall and CPU time, spread
// (min-max of the wall time), and its ratio to `node -e 0` or, for a command that needs a native
// library, to Node loading that library and doing the command's own work in it: the median of the
// rounds' ratios (a command and its baseline from the same round), with their spread, which the
// target is judged on. This machine's speed moves by up to 30% over minutes; a ratio within a round
// moves far less.
// Targets: `mlci --help` <= 3x `node -e 0`; a command's fixed cost <= node + its own native library.
// A DuckDB command's baseline is `node + duckdb: COMMAND's SQL`: a Node process that loads DuckDB and
// runs exactly the statements the command ran (recorded from the repository's CLI at the start by
// support/duckdb-capture.cjs, replayed by support/duckdb-replay.cjs). What mlci costs beyond it is its
// fixed cost plus its JavaScript work (the contract's YAML, the result file): <= 1.1x. Beside it, the
// ratio to `node + duckdb` (load DuckDB, read the file once), which counts the command's SQL against it.
//   node bench/startup.mjs                      the CLI of this checkout (packages/cli/bin/mlci.js)
//   MLCI_BIN=path/to/mlci.js node bench/startup.mjs   another build, e.g. the dist bundle
//   BENCH_ROUNDS=15 (default 9)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { canMeasureCpuPrecisely, measurePrecisely } from "./support/measure.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const mlci = process.env.MLCI_BIN ? resolve(process.env.MLCI_BIN) : join(root, "packages/cli/bin/mlci.js");
const csv = join(root, "test/fixtures/validate/flights-clean.csv");
const evaluation = join(root, "test/fixtures/report/evaluation-worse.json");
const work = mkdtempSync(join(tmpdir(), "mlci-startup-"));
const schema = join(work, "schema.yml");

const node = (code) => ["-e", code];
const cli = (...args) => [mlci, ...args];
const repositoryCli = join(root, "packages/cli/bin/mlci.js");
const capture = join(root, "bench/support/duckdb-capture.cjs");
const replay = join(root, "bench/support/duckdb-replay.cjs");
/** A DuckDB command: judged against Node running its SQL (recorded below), shown against `node + duckdb` too. */
const duckdbCommand = (name, args) => {
  const sql = join(work, `${name.replace(/\W+/g, "-")}.ndjson`);
  const baseline = `node + duckdb: ${name.replace(/^mlci /, "")}'s SQL`;
  return [
    { name: baseline, args: [replay, sql], sql, recordArgs: [repositoryCli, ...args] },
    { name, args: cli(...args), baseline, reference: "node + duckdb" },
  ];
};
// A plain Node resolves the natives from the repository's node_modules, as the CLI does.
const cases = [
  { name: "node -e 0", args: node("0") },
  // DuckDB's own fixed cost: load it, open an in-memory database, read the same small CSV.
  {
    name: "node + duckdb",
    args: node(
      `require('@duckdb/node-api').DuckDBInstance.create(':memory:').then((d) => d.connect()).then((c) => c.run("SELECT * FROM read_csv('${csv}')"))`,
    ),
    cwd: root,
  },
  { name: "mlci --version", args: cli("--version"), baseline: "node -e 0" },
  { name: "mlci --help", args: cli("--help"), baseline: "node -e 0", target: 3 },
  { name: "mlci unknown", args: cli("no-such-command"), baseline: "node -e 0", status: 2 },
  {
    name: "mlci report",
    args: cli("report", "--evaluation", evaluation, "--out", join(work, "r.md")),
    baseline: "node -e 0",
  },
  ...duckdbCommand("mlci schema infer", ["schema", "infer", csv, "--out", schema, "--force"]),
  ...duckdbCommand("mlci validate", ["validate", csv, "--schema", schema]),
  ...duckdbCommand("mlci profile", ["profile", csv, "--out", join(work, "p.json")]),
  { name: "mlci evaluate --help", args: cli("evaluate", "--help"), baseline: "node -e 0" },
];
// `node -e "require(...)"` needs CommonJS resolution from the repository root: run it there.
for (const c of cases) c.cwd ??= work;

// Record each DuckDB command's statements (in order: schema infer writes the contract validate reads).
for (const c of cases.filter((c) => c.sql)) {
  const recorded = spawnSync(process.execPath, ["-r", capture, ...c.recordArgs], {
    cwd: c.cwd,
    env: { ...process.env, DUCKDB_CAPTURE_FILE: c.sql },
    encoding: "utf8",
  });
  if (recorded.status !== 0) throw new Error(`recording ${c.name} failed:\n${recorded.stderr.slice(-2000)}`);
}

// Warm the file cache once (the first run of anything reads from disk).
for (const c of cases) measurePrecisely(process.execPath, c.args, { cwd: c.cwd });

const samples = new Map(cases.map((c) => [c.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const c of round % 2 ? [...cases].reverse() : cases) {
    const run = measurePrecisely(process.execPath, c.args, { cwd: c.cwd });
    const expected = c.status ?? 0;
    if (run.status !== expected) {
      throw new Error(`${c.name}: exit ${run.status}, expected ${expected}\n${run.stderr.slice(-2000)}`);
    }
    samples.get(c.name).push(run);
  }
}
rmSync(work, { recursive: true, force: true });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const summary = new Map(
  cases.map((c) => {
    const runs = samples.get(c.name);
    const wall = runs.map((r) => r.seconds);
    const cpu = runs.map((r) => r.cpuSeconds).filter((s) => s !== undefined);
    return [
      c.name,
      { wall: median(wall), min: Math.min(...wall), max: Math.max(...wall), cpu: cpu.length ? median(cpu) : undefined },
    ];
  }),
);

const ms = (s) => (s === undefined ? "n/a" : `${(s * 1000).toFixed(0)} ms`);
console.log(`mlci start-up: ${mlci}`);
console.log(
  canMeasureCpuPrecisely
    ? "CPU time: the child's user + system time to the microsecond (getrusage)"
    : "CPU time: GNU time's, in 10 ms steps (no Python here for getrusage)",
);
console.log(
  `${ROUNDS} rounds, cases alternated; ${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")} at the end\n`,
);
/** The ratios of case `name` to case `baseline`, round by round: [median, min, max], or undefined. */
function roundRatios(name, baseline, measure) {
  if (!baseline) return undefined;
  const base = samples.get(baseline);
  const ratios = samples
    .get(name)
    .map((run, round) => (measure(run) === undefined ? undefined : measure(run) / measure(base[round])))
    .filter((ratio) => ratio !== undefined && Number.isFinite(ratio));
  return ratios.length ? [median(ratios), Math.min(...ratios), Math.max(...ratios)] : undefined;
}

console.log(
  "| case | median wall | spread (min-max) | median CPU | ratio (wall) | ratio (CPU), rounds' spread | target |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- |");
let failed = false;
for (const c of cases) {
  const s = summary.get(c.name);
  const ratioWall = roundRatios(c.name, c.baseline, (run) => run.seconds)?.[0];
  const cpuRatios = roundRatios(c.name, c.baseline, (run) => run.cpuSeconds);
  const ratioCpu = cpuRatios?.[0];
  const limit = c.target ?? (c.reference ? 1 : undefined);
  let verdict = "";
  if (limit !== undefined && ratioCpu !== undefined) {
    // CPU time is the steadier measure on a shared machine; wall time is shown beside it.
    const ok = ratioCpu <= limit * (c.target ? 1 : 1.1);
    failed ||= !ok;
    verdict = `${ok ? "met" : "MISSED"}: <= ${limit}x ${c.baseline}${c.target ? "" : " (+10% for its JavaScript work)"}`;
  }
  const fmt = (r) => (r === undefined ? "" : `${r.toFixed(2)}x ${c.baseline}`);
  const spread = cpuRatios ? ` (${cpuRatios[1].toFixed(2)}-${cpuRatios[2].toFixed(2)})` : "";
  const referenceRatio = roundRatios(c.name, c.reference, (run) => run.cpuSeconds);
  const reference = referenceRatio ? `; ${referenceRatio[0].toFixed(2)}x ${c.reference}` : "";
  console.log(
    `| ${c.name} | ${ms(s.wall)} | ${ms(s.min)}-${ms(s.max)} | ${ms(s.cpu)} | ${fmt(ratioWall)} | ${fmt(ratioCpu)}${spread}${reference} | ${verdict} |`,
  );
}
process.exitCode = failed ? 1 : 0;
