#!/usr/bin/env node
// `npm run demo`: the whole mlci loop on real flights data, on this machine, with no network.
// The demo is a sequence of steps, one module each under examples/demo/steps/, run in file-name order
// (10-, 20-, ...): a capability adds its step as a new file, no list to edit. Each step exports
// `title` and `run(demo)`; `demo` (examples/demo/context.mjs) runs the CLI as a user would, checks exit
// codes and carries values between steps. Every file the demo writes goes under .mlci-out/demo/.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createDemoContext } from "./demo/context.mjs";

const stepsDirectory = join(dirname(fileURLToPath(import.meta.url)), "demo", "steps");
const files = readdirSync(stepsDirectory)
  .filter((name) => name.endsWith(".mjs"))
  .sort();

const demo = await createDemoContext();
const started = performance.now();
/** [step file, wall milliseconds, CPU seconds]: where the demo's time goes. */
const timings = [];
try {
  for (const [index, file] of files.entries()) {
    const step = await import(pathToFileURL(join(stepsDirectory, file)).href);
    demo.heading(`${index + 1}. ${step.title}`);
    const stepStarted = performance.now();
    const cpuStarted = cpuSeconds();
    await step.run(demo);
    timings.push([file, performance.now() - stepStarted, cpuSeconds() - cpuStarted]);
  }
} catch (error) {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await demo.close();
}
if (process.exitCode !== 1) {
  const perStep = timings.map(
    ([file, ms, cpu]) => `${file.replace(/\.mjs$/, "")} ${(ms / 1000).toFixed(1)} s (CPU ${cpu.toFixed(1)} s)`,
  );
  console.log(`\nTime per step: ${perStep.join(", ")}`);
  const cpu = timings.reduce((sum, [, , seconds]) => sum + seconds, 0);
  console.log(`CPU time of the demo and the commands it ran: ${cpu.toFixed(1)} s`);
  console.log(`Demo finished in ${((performance.now() - started) / 1000).toFixed(1)} s; files in ${demo.outRelative}/`);
}

/**
 * CPU seconds of this process and of the commands it ran and waited for (Linux: utime, stime, cutime
 * and cstime of /proc/self/stat); on a busy machine the wall time says little, the CPU time does not
 * change. Elsewhere only this process's own time.
 */
function cpuSeconds() {
  const own = process.cpuUsage();
  const ownSeconds = (own.user + own.system) / 1e6;
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    // After "pid (comm) ": state is field 3 of the man page, i.e. index 0; cutime, cstime are 16, 17.
    return ownSeconds + (Number(fields[13]) + Number(fields[14])) / 100; // clock ticks: 100 per second
  } catch {
    return ownSeconds;
  }
}
