import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import { PeakMemorySampler, peakMemorySupported, processTree, readHighWaterMark } from "./peak-memory.js";

const linux = peakMemorySupported();

describe("peak memory from /proc", { skip: linux ? false : "needs /proc (Linux)" }, () => {
  it("reads this process's VmHWM, at least its current resident set", () => {
    const hwm = readHighWaterMark(process.pid) as number;
    assert.ok(hwm >= process.memoryUsage().rss * 0.9, `${hwm} vs rss ${process.memoryUsage().rss}`);
    assert.equal(readHighWaterMark(2 ** 22 + 12345), undefined, "no such process");
  });

  it("walks the tree down to grandchildren, and samples the largest of them", async () => {
    // sh stays the parent of node (two commands), node allocates ~150 MB and waits.
    const script = "const b = Buffer.alloc(150 * 1024 * 1024, 1); console.log('ready'); setTimeout(() => b, 5000);";
    const shell = spawn("sh", ["-c", `node -e "${script}"; true`], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => shell.stdout.on("data", (c) => String(c).includes("ready") && resolve()));
    const tree = processTree(shell.pid as number);
    assert.equal(tree[0], shell.pid);
    assert.ok(tree.length >= 2, `tree ${tree}`);
    const sampler = new PeakMemorySampler(shell.pid as number);
    sampler.sample();
    const peak = sampler.stop() as number;
    shell.kill("SIGKILL");
    for (const pid of tree.slice(1)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    assert.ok(peak > 150 * 1024 * 1024, `peak ${peak}`);
  });
});
