#!/usr/bin/env node
// Runs the benchmarks: every bench/*.mjs but this file, or the ones named (`npm run bench validate`);
// `npm run bench -- --list` lists them with the line `// bench: ...` each one starts with.
// Each benchmark compares mlci against baselines in the same run and prints ratios; none asserts timings.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const all = readdirSync(here)
  .filter((name) => name.endsWith(".mjs") && name !== "run.mjs")
  .map((name) => name.slice(0, -".mjs".length))
  .sort();
const args = process.argv.slice(2);
if (args.includes("--list")) {
  for (const name of all) {
    const line = readFileSync(join(here, `${name}.mjs`), "utf8")
      .split("\n")
      .find((l) => l.startsWith("// bench: "));
    console.log(`${name.padEnd(12)} ${line ? line.slice("// bench: ".length) : ""}`);
  }
  console.log("\nnpm run bench [name ...]; BENCH_RUNS=N sets the rounds (default 5)");
  process.exit(0);
}
const unknown = args.filter((name) => !all.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; available: ${all.join(", ")} (npm run bench -- --list)`);
  process.exit(2);
}
let failed = 0;
for (const name of args.length > 0 ? args : all) {
  console.log(`\n== bench/${name}.mjs`);
  const result = spawnSync(process.execPath, [join(here, `${name}.mjs`)], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
