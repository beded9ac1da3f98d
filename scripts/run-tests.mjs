#!/usr/bin/env node
// Runs every compiled test file (`*.test.js` under packages/*/dist and test/dist) with Node's own
// test runner, two files at a time. `npm test` builds first (tsc -b), so this only collects and runs.
//
// Files start longest first, by the durations in scripts/test-durations.json (recorded from a full
// run with --record): the runner hands files to its two lanes in the order given, and a long file
// started last would keep one lane busy while the other sits idle. A file missing from the list
// (a new one) is taken to be of middling length. At the end the slowest files are listed, so a
// file that grew slow is seen where it happened.
//
//   node scripts/run-tests.mjs [PART...] [--record]
//     PART      only the files whose path contains a PART
//     --record  rewrite scripts/test-durations.json from this run's durations (a full run: no PART)
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const durationsFile = join(root, "scripts", "test-durations.json");
/** Seconds assumed for a file with no recorded duration: most files take one or two. */
const UNKNOWN_SECONDS = 5;
const SLOWEST_SHOWN = 10;
const LEFT_KINDS_SHOWN = 8;

const thisScript = fileURLToPath(import.meta.url);

if (process.argv[2] === "--lanes") {
  await runLanes(process.argv.slice(3));
  process.exit();
}

/**
 * Runs `files` with node:test's run(), two at a time, started in the order given (`node --test FILES`
 * sorts them by name), reporting as `node --test` would: spec on a terminal, TAP otherwise. Each
 * finished file's wall time goes to $MLCI_TEST_WALL_FILE.
 */
async function runLanes(files) {
  const { run } = await import("node:test");
  const { spec, tap } = await import("node:test/reporters");
  const stream = run({ files, concurrency: 2 });
  stream.on("test:fail", ({ todo }) => {
    if (todo === undefined || todo === false) process.exitCode = 1; // a failing todo test fails nothing
  });
  stream.on("test:complete", ({ name, nesting, file, details }) => {
    if (nesting === 0 && name === file && process.env.MLCI_TEST_WALL_FILE) {
      appendFileSync(process.env.MLCI_TEST_WALL_FILE, `${JSON.stringify({ file, ms: details.duration_ms })}\n`);
    }
  });
  const report = process.stdout.isTTY ? stream.compose(new spec()) : stream.compose(tap);
  await pipeline(report, process.stdout);
}

function collect(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out; // a package without compiled output has no tests yet
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith(".test.js")) out.push(path);
  }
  return out;
}

/** The key of a test file in the durations list: its path from the repository root, with `/`. */
const keyOf = (path) => relative(root, path).split(sep).join("/");

const args = process.argv.slice(2);
const record = args.includes("--record");
const filters = args.filter((arg) => !arg.startsWith("--"));

const roots = [
  ...readdirSync(join(root, "packages")).map((p) => join(root, "packages", p, "dist")),
  join(root, "test", "dist"),
];
/**
 * The TypeScript source a compiled test came from (packages/P/dist -> packages/P/src, test/dist -> test).
 * tsc -b never deletes the output of a removed or renamed source, and such a leftover would run (and
 * fail against today's modules) in a working copy though never in a clean clone.
 */
function sourceOf(compiled) {
  const key = keyOf(compiled).replace(/\.js$/, ".ts");
  return join(root, key.startsWith("test/dist/") ? key.replace("test/dist/", "test/") : key.replace("/dist/", "/src/"));
}

const compiled = roots.flatMap((dir) => collect(dir, [])).sort();
const leftovers = compiled.filter((file) => !existsSync(sourceOf(file)));
for (const file of leftovers) console.log(`# not run: ${keyOf(file)} (its source is gone; delete the compiled file)`);
const files = compiled.filter((file) => !leftovers.includes(file));
const selected = filters.length > 0 ? files.filter((f) => filters.some((part) => keyOf(f).includes(part))) : files;
if (selected.length === 0) {
  console.error(
    `no test files found${filters.length > 0 ? ` matching ${filters.map((f) => `"${f}"`).join(" or ")}` : ""}`,
  );
  process.exit(1);
}
if (record && filters.length > 0) {
  console.error("--record needs a full run: durations of some files only would drop the others from the list");
  process.exit(2);
}

const recorded = existsSync(durationsFile) ? JSON.parse(readFileSync(durationsFile, "utf8")) : {};
const expected = (file) => recorded[keyOf(file)]?.wall ?? UNKNOWN_SECONDS;
// Longest first; equal ones by path, so the order is the same on every run.
const ordered = [...selected].sort((a, b) => expected(b) - expected(a) || (a < b ? -1 : 1));

// The files run in a second Node process (this script with --lanes) loaded with
// scripts/test-cpu-probe.mjs, which each test file's process inherits: one line per test file's
// process with its CPU, and one per finished file with its wall time, into scratch files.
//
// The tests and everything they start get a temp directory of their own (TMPDIR), removed at the end:
// a test that keeps its files to debug a failure, or a process killed at a timeout, must not fill
// the disk of a machine that runs the suite many times a day (it did: 60 GB of runner temps and tool
// caches). Whatever is left there fails the run, named: a test or an mlci command forgot its files
// (each test removes what it makes; test/support/scratch.ts). Node 22+'s code cache is the exception.
const scratch = mkdtempSync(join(tmpdir(), "mlci-test-durations-"));
const runTemp = mkdtempSync(join(tmpdir(), "mlci-test-run-"));
chmodSync(runTemp, 0o755); // the PostgreSQL tests' server runs as the postgres user, in a directory here
// Ctrl-C reaches the test processes too. This one, with a handler, does not die at once: it waits for
// them, cleans up below and exits with their status.
process.on("SIGINT", () => {});
const wallLines = join(scratch, "wall.ndjson");
const cpuLines = join(scratch, "cpu.ndjson");
const result = spawnSync(
  process.execPath,
  [`--import=${pathToFileURL(join(root, "scripts", "test-cpu-probe.mjs")).href}`, thisScript, "--lanes", ...ordered],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      TMPDIR: runTemp,
      // Tests that load onnxruntime themselves send nothing to Microsoft either (mlci turns its telemetry
      // off, see packages/model/src/onnxruntime-module.ts; the tests of that unset this).
      ORT_DISABLE_TELEMETRY: "1",
      MLCI_TEST_CPU_FILE: cpuLines,
      MLCI_TEST_WALL_FILE: wallLines,
    },
  },
);
const leftBehind = reportLeftInTemp(runTemp);
rmSync(runTemp, { recursive: true, force: true });

/**
 * One line naming what the run left in its temp directory, by name with mkdtemp's random ending cut;
 * returns how many entries. Node 22+ keeps its code cache there when the CLI turns it on (main.ts): a
 * cache by design, not counted.
 */
function reportLeftInTemp(dir) {
  const names = readdirSync(dir).filter((name) => name !== "node-compile-cache");
  if (names.length === 0) return 0;
  const counts = new Map();
  for (const name of names) {
    const kind = name.replace(/[-.]?[A-Za-z0-9]{6}$/, "-*");
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const listed = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = listed.slice(0, LEFT_KINDS_SHOWN).map(([kind, n]) => (n > 1 ? `${kind} x${n}` : kind));
  const more = listed.length > LEFT_KINDS_SHOWN ? `, and ${listed.length - LEFT_KINDS_SHOWN} more kinds` : "";
  console.log(
    `# FAILED: the tests left ${names.length} entries in their temp directory (removed since): ${shown.join(", ")}${more}`,
  );
  return names.length;
}

const readLines = (path) =>
  existsSync(path)
    ? readFileSync(path, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];
const tenths = (seconds) => Math.round(seconds * 10) / 10;
const wall = new Map(readLines(wallLines).map(({ file, ms }) => [keyOf(file), tenths(ms / 1000)]));
const cpu = new Map(readLines(cpuLines).map(({ file, cpu }) => [keyOf(file), tenths(cpu)]));
rmSync(scratch, { recursive: true, force: true });

const slowest = [...wall].sort((a, b) => b[1] - a[1]).slice(0, SLOWEST_SHOWN);
if (slowest.length > 0) {
  console.log("# slowest test files: wall seconds (two files at a time), CPU seconds with the processes they ran");
  for (const [file, seconds] of slowest) {
    const cpuSeconds = cpu.has(file) ? cpu.get(file).toFixed(1) : "?";
    console.log(`#   ${seconds.toFixed(1).padStart(6)} ${cpuSeconds.padStart(6)}  ${file}`);
  }
}
if (cpu.size > 0) {
  const total = [...cpu.values()].reduce((sum, seconds) => sum + seconds, 0);
  console.log(`# CPU of the ${cpu.size} test files and the processes they ran: ${total.toFixed(1)} s`);
}
if (record) {
  if (result.status !== 0) {
    console.error("durations not recorded: the run failed");
  } else {
    const entries = [...wall].sort(([a], [b]) => (a < b ? -1 : 1));
    const list = Object.fromEntries(
      entries.map(([file, seconds]) => [file, { wall: seconds, cpu: cpu.get(file) ?? null }]),
    );
    writeFileSync(durationsFile, `${JSON.stringify(list, null, 2)}\n`);
    console.log(`# durations of ${wall.size} files written to ${keyOf(durationsFile)}`);
  }
}
process.exit(result.status === 0 && leftBehind > 0 ? 1 : (result.status ?? 1));
