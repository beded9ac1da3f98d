// Runs a command as a child process and measures its wall time and peak resident memory (max RSS,
// from GNU time's -v report when /usr/bin/time exists; Node has no rusage of children).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const GNU_TIME = "/usr/bin/time";
export const canMeasureMemory = existsSync(GNU_TIME);

/** @returns {{ seconds: number, cpuSeconds: number | undefined, peakBytes: number | undefined, status: number | null, stdout: string, stderr: string }} */
export function measure(command, args, options = {}) {
  const argv = canMeasureMemory ? [GNU_TIME, ["-v", command, ...args]] : [command, args];
  const started = performance.now();
  const result = spawnSync(argv[0], argv[1], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options });
  const seconds = (performance.now() - started) / 1000;
  const report = result.stderr ?? "";
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
  const user = /User time \(seconds\): ([\d.]+)/.exec(report);
  const system = /System time \(seconds\): ([\d.]+)/.exec(report);
  return {
    seconds,
    // CPU time (user + system) moves much less than wall time when other processes share the cores.
    cpuSeconds: user && system ? Number(user[1]) + Number(system[1]) : undefined,
    peakBytes: rss ? Number(rss[1]) * 1024 : undefined,
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

const PYTHON = "/usr/bin/python3";
// GNU time prints CPU seconds with two decimals: 10 ms steps, a tenth of a short command's time. The
// kernel keeps a child's CPU time in microseconds, which Python's getrusage(RUSAGE_CHILDREN) reports;
// the wall time is taken in the same wrapper, so Python's own start-up is in neither figure.
const CHILD_RUSAGE = `import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"status": done.returncode, "seconds": seconds, "cpuSeconds": usage.ru_utime + usage.ru_stime,
  "peakBytes": usage.ru_maxrss * 1024, "stderr": done.stderr.decode("utf8", "replace")[-4000:]}))`;
export const canMeasureCpuPrecisely = process.platform === "linux" && existsSync(PYTHON);

/**
 * Like `measure` (stdout is discarded), with the CPU time to the microsecond: for commands short
 * enough that 10 ms steps would blur a ratio. Falls back to `measure` where Python is missing.
 */
export function measurePrecisely(command, args, options = {}) {
  if (!canMeasureCpuPrecisely) return measure(command, args, options);
  const result = spawnSync(PYTHON, ["-c", CHILD_RUSAGE, command, ...args], { encoding: "utf8", ...options });
  if (result.status !== 0) throw new Error(`measuring ${command} failed: ${result.stderr}`);
  return { ...JSON.parse(result.stdout), stdout: "" };
}

/** Runs `measure` `times` times and keeps the run with the median wall time. */
export function medianOf(times, run) {
  const runs = Array.from({ length: times }, run).sort((a, b) => a.seconds - b.seconds);
  return runs[Math.floor(runs.length / 2)];
}

export function formatBytes(bytes) {
  return bytes === undefined ? "n/a" : `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}
