// Entry of the train action. The action runs from a checkout of the mlci repository; when that
// checkout has no compiled code yet, it is installed the way the composite actions install it on a
// cache miss (scripts/action/install.mjs: npm ci without install scripts, tsc, prune dev
// dependencies), then the action's code in packages/cli runs.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const entry = join(root, "packages/cli/dist/action/train-main.js");

if (!existsSync(entry) || !existsSync(join(root, "node_modules"))) {
  console.log("::group::Installing mlci");
  const install = spawnSync(process.execPath, [join(root, "scripts/action/install.mjs")], {
    cwd: root,
    stdio: "inherit",
  });
  console.log("::endgroup::");
  if (install.status !== 0) {
    console.log(`::error::mlci train: installing mlci in ${root} failed (exit ${install.status})`);
    process.exit(2);
  }
}
await import(pathToFileURL(entry).href);
