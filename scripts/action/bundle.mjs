// Where an action finds mlci's code (issue #13). A released ref of the action carries
// release-assets.json (written when mlci is released, scripts/release-assets.mjs): per platform the URL
// and sha256 of the bundle built by `npm run dist`. The bundle is downloaded once, checked, and
// extracted into the runner's tool cache (RUNNER_TOOL_CACHE/mlci/<version>/<platform>-<arch>, with a
// `.complete` marker beside it as actions/tool-cache does), where every later step of the job finds it.
// A ref without an asset for the platform (a branch, a commit) builds from source instead (install.mjs).
// No dependencies: this runs before anything is installed.
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { actionRoot } from "./cache-key.mjs";

export const PLATFORM = `${process.platform}-${process.arch}`;

/** The asset of this platform in the action's release-assets.json, or undefined (build from source). */
export function releaseAsset(root = actionRoot, platform = PLATFORM) {
  const file = join(root, "release-assets.json");
  if (!existsSync(file)) return undefined;
  const manifest = JSON.parse(readFileSync(file, "utf8"));
  const asset = manifest.assets?.[platform];
  if (!asset) return undefined;
  if (typeof manifest.version !== "string" || !/^[0-9A-Za-z.+-]+$/.test(manifest.version)) {
    throw new Error(`${file}: "version" must be a version string`);
  }
  if (typeof asset.url !== "string" || !/^[0-9a-f]{64}$/.test(asset.sha256 ?? "")) {
    throw new Error(`${file}: assets.${platform} needs a "url" and a hex "sha256"`);
  }
  return { version: manifest.version, url: asset.url, sha256: asset.sha256 };
}

/** The directory the asset is extracted into, and the marker written once extraction is complete. */
export function toolDirectory(asset, environment = process.env, platform = PLATFORM) {
  const cache = environment.RUNNER_TOOL_CACHE || join(environment.RUNNER_TEMP || tmpdir(), "mlci-tool-cache");
  const directory = join(cache, "mlci", asset.version, platform);
  return { directory, marker: `${directory}.complete` };
}

/** The CLI entry to run: the extracted bundle when this ref has an asset and it is in place, else the sources. */
export function cliEntry(entry = "mlci", root = actionRoot, environment = process.env) {
  const asset = releaseAsset(root);
  if (asset) {
    const { directory, marker } = toolDirectory(asset, environment);
    if (!existsSync(marker))
      throw new Error(`mlci ${asset.version} is not installed in ${directory}: run scripts/action/setup.mjs first`);
    return join(directory, "dist", `${entry}.js`);
  }
  return entry === "mlci"
    ? join(root, "packages/cli/bin/mlci.js")
    : join(root, "packages/cli/dist/action/train-main.js");
}
