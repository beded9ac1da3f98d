#!/usr/bin/env node
// bench: mlci train overhead over the bare training command; data fingerprints vs sha256sum
// Benchmark of `mlci train` (issue: training in CI), in one run:
//   1. data fingerprints: mlci's streamed sha256 of a 3M-row CSV (written once from flights-3m) against
//      coreutils `sha256sum` (the baseline), then the second run served by the fingerprint cache;
//   2. the cost of running training through `mlci train` (process tree sampling, model check, lineage)
//      against running the same command directly: the example's train.mjs;
//   3. the peak memory mlci reports against GNU time's maxrss of the same command run bare.
// Median of RUNS runs each; ratios are printed, nothing is asserted.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureFlightsCsv } from "./support/flights-csv.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dataDirectory = join(root, "bench/.data");
const csv = join(dataDirectory, "flights-3m.csv");
const example = join(root, "examples/flights-delay");
const mlci = join(root, "packages/cli/bin/mlci.js");
const { fingerprintFiles } = await import(join(root, "packages/cli/dist/train/fingerprints.js"));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timeAsync(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function timeSync(command, args, options = {}) {
  const start = performance.now();
  const run = spawnSync(command, args, { encoding: "utf8", ...options });
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${run.stderr}`);
  return { ms: performance.now() - start, run };
}

const ms = (value) => `${value.toFixed(0)} ms`;

await ensureFlightsCsv(csv);
const bytes = statSync(csv).size;
console.log(`data: ${csv} (${(bytes / 2 ** 20).toFixed(0)} MiB)`);

// 1. Fingerprints.
const cold = [];
const warm = [];
const baseline = [];
for (let i = 0; i < RUNS; i++) {
  const cache = join(mkdtempSync(join(tmpdir(), "mlci-bench-fp-")), "fingerprints.json");
  cold.push(await timeAsync(() => fingerprintFiles(["flights-3m.csv"], dataDirectory, cache)));
  warm.push(await timeAsync(() => fingerprintFiles(["flights-3m.csv"], dataDirectory, cache)));
  baseline.push(timeSync("sha256sum", [csv]).ms);
  rmSync(dirname(cache), { recursive: true });
}
const gbps = (t) => `${(bytes / 2 ** 30 / (t / 1000)).toFixed(2)} GiB/s`;
console.log(`fingerprint cold   ${ms(median(cold))} (${gbps(median(cold))})`);
console.log(`sha256sum          ${ms(median(baseline))} (${gbps(median(baseline))})`);
console.log(`fingerprint cached ${ms(median(warm))}`);
console.log(
  `ratio cold / sha256sum: ${(median(cold) / median(baseline)).toFixed(2)}x; cached / cold: ${(median(warm) / median(cold)).toFixed(4)}x`,
);

// 2. Overhead of mlci train over the bare command: wall time, and CPU time (user + system of the
// whole process tree, from GNU time), which is steadier than wall time on a shared machine.
const out = mkdtempSync(join(tmpdir(), "mlci-bench-train-"));
const timed = (args, options) => {
  const { ms: wall, run } = timeSync("/usr/bin/time", ["-f", "cpu=%U+%S maxrss=%M", ...args], options);
  const [, user, system, maxrss] = run.stderr.match(/cpu=([\d.]+)\+([\d.]+) maxrss=(\d+)/) ?? [];
  return { wall, cpu: (Number(user) + Number(system)) * 1000, maxrss: Number(maxrss) * 1024 };
};
const bare = [];
const wrapped = [];
let reported = 0;
let gnu = 0;
for (let i = 0; i < RUNS; i++) {
  bare.push(timed([process.execPath, "train.mjs", "--out", join(out, "bare.onnx")], { cwd: example }));
  const lineage = join(out, "lineage.json");
  wrapped.push(
    timed([process.execPath, mlci, "train", "--config", join(example, "mlci.yml"), "--out", lineage], { cwd: root }),
  );
  reported = JSON.parse(readFileSync(lineage, "utf8")).peak_memory_bytes;
  gnu = bare.at(-1).maxrss;
}
const wall = (runs) => median(runs.map((r) => r.wall));
const cpu = (runs) => median(runs.map((r) => r.cpu));
console.log(`train.mjs directly  wall ${ms(wall(bare))}, cpu ${ms(cpu(bare))}`);
console.log(
  `through mlci train  wall ${ms(wall(wrapped))}, cpu ${ms(cpu(wrapped))} (CLI start, ONNX load check, data hashes, lineage)`,
);
console.log(
  `overhead: wall +${ms(wall(wrapped) - wall(bare))} (${(wall(wrapped) / wall(bare)).toFixed(2)}x), ` +
    `cpu +${ms(cpu(wrapped) - cpu(bare))} (${(cpu(wrapped) / cpu(bare)).toFixed(2)}x)`,
);
console.log(
  `peak memory: mlci ${(reported / 2 ** 20).toFixed(1)} MiB, GNU time on the bare run ${(gnu / 2 ** 20).toFixed(1)} MiB (ratio ${(reported / gnu).toFixed(3)})`,
);
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${cpus().length} cores`,
);
rmSync(out, { recursive: true });
