// Entry of the train action. The action runs from a checkout of the mlci repository; its compiled
// code and dependencies are installed once per runner (npm ci, which also builds) when the checkout
// has none, then the action's code in packages/cli runs.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const entry = join(root, "packages/cli/dist/action/train-main.js");

if (!existsSync(entry) || !existsSync(join(root, "node_modules"))) {
  console.log("::group::Installing mlci (npm ci)");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const install = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  console.log("::endgroup::");
  if (install.status !== 0) {
    console.log(`::error::mlci train: installing mlci in ${root} failed (npm ci exit ${install.status})`);
    process.exit(2);
  }
}
await import(pathToFileURL(entry).href);
