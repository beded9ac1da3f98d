// Loaded into every test file's process by scripts/run-tests.mjs (node --import, which node:test's
// run() hands on to the processes of the test files): when the process exits, appends one JSON line
// {"file", "cpu"} to $MLCI_TEST_CPU_FILE, the CPU seconds of the test file with every process it ran
// and waited for (the mlci commands it spawned, npm, git...). The suite's budget is CPU on two
// cores, and a file's wall time alone hides the processes it starts.
// Linux only (/proc/self/stat); elsewhere nothing is written.
import { appendFileSync, readFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

const out = process.env.MLCI_TEST_CPU_FILE;
// A test file's process: not the runner, not a worker thread (workers inherit --import, and
// /proc/self is the whole process).
const isTestFileProcess = isMainThread && process.argv[1]?.endsWith(".test.js") === true;
if (out && process.platform === "linux" && isTestFileProcess) {
  process.on("exit", () => {
    try {
      // After "pid (comm) " the fields start at the man page's 3 (state): utime, stime, cutime and
      // cstime (14-17) are at 11-14, in clock ticks of 1/100 s.
      const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]?.split(" ") ?? [];
      const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
      appendFileSync(out, `${JSON.stringify({ file: process.argv[1], cpu: ticks / 100 })}\n`);
    } catch {
      // a measurement, never a reason to fail the test file
    }
  });
}
