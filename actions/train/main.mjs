// Entry of the train action (a JavaScript action: it runs on the runner's Node 24). A released ref
// carries release-assets.json: the bundle of its version is installed into the tool cache as the
// composite actions install it (scripts/action/setup.mjs) and its train-action entry runs; the
// artifact client lives only in that entry's chunks. Any other ref runs this checkout's compiled code,
// installed on first use the way the composite actions install it on a cache miss (install.mjs).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cliEntry, releaseAsset } from "../../scripts/action/bundle.mjs";
import { installAsset } from "../../scripts/action/setup.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function fail(message) {
  console.log(`::error::mlci train: ${message}`);
  process.exit(2);
}

const asset = releaseAsset(root);
if (asset) {
  try {
    await installAsset(asset);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
} else if (
  !existsSync(join(root, "packages/cli/dist/action/train-main.js")) ||
  !existsSync(join(root, "node_modules"))
) {
  console.log("::group::Installing mlci");
  const install = spawnSync(process.execPath, [join(root, "scripts/action/install.mjs")], {
    cwd: root,
    stdio: "inherit",
  });
  console.log("::endgroup::");
  if (install.status !== 0) fail(`installing mlci in ${root} failed (exit ${install.status})`);
}
await import(pathToFileURL(cliEntry("train-action", root)).href);
