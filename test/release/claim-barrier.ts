/**
 * Preloaded (`node --import`) into the `mlci release` processes of release-race.test.ts: holds each
 * process at the exclusive creation of the release's claim file until every process of the race has
 * arrived there, so both runs are past their preparation and the race happens every time instead of
 * depending on how fast each process started.
 */
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const dir = process.env.MLCI_TEST_BARRIER_DIR;
const parties = Number(process.env.MLCI_TEST_BARRIER_PARTIES ?? "2");
const original = fs.promises.open;

async function openAfterBarrier(...args: Parameters<typeof original>): ReturnType<typeof original> {
  const [path, flags] = args;
  if (dir && String(path).endsWith(".claim") && flags === "wx") {
    fs.writeFileSync(join(dir, String(process.pid)), "");
    const deadline = Date.now() + 30_000;
    while (fs.readdirSync(dir).length < parties && Date.now() < deadline) await sleep(5);
  }
  return original(...args);
}

fs.promises.open = openAfterBarrier;
syncBuiltinESMExports(); // `import { open } from "node:fs/promises"` now sees the wrapper too
