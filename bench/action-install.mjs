#!/usr/bin/env node
// bench: an action's install from the release asset (extract into the tool cache) + its first command, cold and warm (<= 3 s)
// Benchmark of an action's install on the bundle path (issue #13): a released ref's setup step
// (scripts/action/setup.mjs: read the 38 MB asset, check its sha256, extract it into the tool cache)
// and the first command after it, cold (empty tool cache) and warm (a later step of the same job: the
// marker is there). The asset is read from disk (file: URL), so the download itself is not in the
// figures. Builds the asset first when needed (test/support/released-action). ROUNDS rounds, medians.
//   npx tsc -b && node bench/action-install.mjs      BENCH_ROUNDS=5 (default)
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { measure } from "./support/measure.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { releasedActionCheckout } = await import(join(root, "test/dist/support/released-action.js"));
const checkout = releasedActionCheckout();
const csv = join(root, "test/fixtures/validate/flights-clean.csv");
const setup = join(checkout, "scripts/action/setup.mjs");
const mlci = join(checkout, "scripts/action/mlci.mjs");

const names = [
  "cold install",
  "first command (schema infer)",
  "warm install (marker found)",
  "next command (validate)",
];
const samples = names.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  const toolCache = mkdtempSync(join(tmpdir(), "mlci-bench-tool-cache-"));
  const env = { ...process.env, RUNNER_TOOL_CACHE: toolCache };
  const schema = join(toolCache, "schema.yml");
  const runs = [
    [setup],
    [mlci, "schema", "infer", csv, "--out", schema],
    [setup],
    [mlci, "validate", csv, "--schema", schema],
  ].map((args) => measure(process.execPath, args, { env }));
  runs.forEach((run, i) => {
    if (run.status !== 0) throw new Error(`${names[i]}: exit ${run.status}\n${run.stdout}${run.stderr}`);
    samples[i].push(run);
  });
  rmSync(toolCache, { recursive: true, force: true });
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const s = (x) => `${x.toFixed(2)} s`;
console.log(
  `${ROUNDS} rounds; ${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} at the end\n`,
);
console.log("| step | median wall | spread (min-max) | median CPU |\n| --- | --- | --- | --- |");
samples.forEach((runs, i) => {
  const wall = runs.map((r) => r.seconds);
  console.log(
    `| ${names[i]} | ${s(median(wall))} | ${s(Math.min(...wall))}-${s(Math.max(...wall))} | ${s(median(runs.map((r) => r.cpuSeconds ?? Number.NaN)))} |`,
  );
});
const total = samples[0].map((run, i) => run.seconds + samples[1][i].seconds);
console.log(`\ncold install + first command: median ${s(median(total))} (target <= 3 s)`);
