#!/usr/bin/env node
// Mutation testing of the places where a plausible one-character bug would change a verdict: gate
// and drift thresholds, significance, comment markers, the output-is-an-input guard. Each mutation in
// scripts/mutations.mjs replaces one piece of source text; the script checks that the text occurs
// exactly once in the TypeScript source and in its compiled JavaScript, applies the change to the
// compiled file (no rebuild: seconds per mutation instead of a minute), runs the test files that should
// notice, restores the file, and reports which mutations SURVIVED (no test failed).
//
//   npm run mutate                 every mutation (builds first)
//   node scripts/mutate.mjs gates  only mutations whose id contains "gates"
//   node scripts/mutate.mjs --list the mutations, without running them
//
// Exit code: 0 when every mutation was killed, 1 when any survived, 2 when the set-up is wrong (a
// pattern not found once, the unmutated tests failing).
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mutations } from "./mutations.mjs";

const TEST_TIMEOUT_MS = 300_000;

function collectTests(dir, out = []) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collectTests(path, out);
    else if (name.endsWith(".test.js")) out.push(path);
  }
  return out;
}

const allTests = [...readdirSync("packages").map((p) => join("packages", p, "dist")), join("test", "dist")]
  .flatMap((root) => collectTests(root))
  .sort();

/** packages/core/src/gates/x.ts -> packages/core/dist/gates/x.js */
function compiledPath(source) {
  return source.replace(/^(packages\/[^/]+)\/src\//, "$1/dist/").replace(/\.ts$/, ".js");
}

function occurrences(text, pattern) {
  let count = 0;
  for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) count++;
  return count;
}

function testFilesFor(mutation) {
  const files = allTests.filter((f) => mutation.tests.some((part) => f.includes(part)));
  if (files.length === 0) throw new Error(`${mutation.id}: no compiled test file matches ${mutation.tests.join(", ")}`);
  return files;
}

function runTests(files) {
  const started = Date.now();
  const result = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...files], {
    encoding: "utf8",
    timeout: TEST_TIMEOUT_MS,
    env: { ...process.env, NODE_TEST_CONTEXT: undefined },
  });
  const failed = /^# fail (\d+)/m.exec(result.stdout ?? "");
  return {
    passed: result.status === 0,
    failures: failed ? Number(failed[1]) : null,
    seconds: (Date.now() - started) / 1000,
    timedOut: result.error?.code === "ETIMEDOUT",
  };
}

function check(mutation) {
  const problems = [];
  const source = readFileSync(mutation.file, "utf8");
  const compiled = readFileSync(compiledPath(mutation.file), "utf8");
  const inSource = occurrences(source, mutation.from);
  const inCompiled = occurrences(compiled, mutation.from);
  if (inSource !== 1) problems.push(`found ${inSource} times in ${mutation.file} (want exactly 1)`);
  if (inCompiled !== 1) problems.push(`found ${inCompiled} times in ${compiledPath(mutation.file)} (run tsc -b?)`);
  return problems;
}

const args = process.argv.slice(2);
const filter = args.find((a) => !a.startsWith("--"));
const selected = mutations.filter((m) => !filter || m.id.includes(filter));

if (args.includes("--list")) {
  for (const m of selected) console.log(`${m.id}\t${m.file}\t${m.why}`);
  process.exit(0);
}
if (selected.length === 0) {
  console.error(`no mutation matches "${filter}"; --list shows them`);
  process.exit(2);
}

const setupProblems = selected.flatMap((m) => check(m).map((p) => `${m.id}: ${p}`));
if (setupProblems.length > 0) {
  console.error(
    `mutations that no longer match the code (update scripts/mutations.mjs):\n  ${setupProblems.join("\n  ")}`,
  );
  process.exit(2);
}

// The unmutated code must pass the selected tests, or a "killed" mutation proves nothing.
const everyFile = [...new Set(selected.flatMap(testFilesFor))];
console.log(`baseline: ${everyFile.length} test files on the unmutated code`);
const baseline = runTests(everyFile);
if (!baseline.passed) {
  console.error(`the unmutated code fails its tests (${baseline.failures ?? "?"} failures): fix them first`);
  process.exit(2);
}

const results = [];
let restoring = null;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (restoring) writeFileSync(restoring.path, restoring.text);
    process.exit(130);
  });
}
for (const mutation of selected) {
  const path = compiledPath(mutation.file);
  const original = readFileSync(path, "utf8");
  restoring = { path, text: original };
  writeFileSync(path, original.replace(mutation.from, mutation.to));
  let outcome;
  try {
    outcome = runTests(testFilesFor(mutation));
  } finally {
    writeFileSync(path, original);
    restoring = null;
  }
  const killed = !outcome.passed;
  results.push({ ...mutation, killed, ...outcome });
  const verdict = killed ? `killed (${outcome.failures ?? "?"} failing)` : "SURVIVED";
  console.log(`${killed ? "  " : "! "}${mutation.id.padEnd(34)} ${verdict.padEnd(20)} ${outcome.seconds.toFixed(1)} s`);
}

const survivors = results.filter((r) => !r.killed);
console.log(`\n${results.length} mutations: ${results.length - survivors.length} killed, ${survivors.length} survived`);
for (const s of survivors) console.log(`survivor: ${s.id} (${s.file}): ${s.why}\n  ${s.from}  ->  ${s.to}`);
process.exit(survivors.length > 0 ? 1 : 0);
