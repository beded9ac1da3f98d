#!/usr/bin/env node
// Step "Install mlci" of every mlci action: when this ref of the action has a release asset for the
// runner's platform (bundle.mjs), download it, check its sha256 against the one fixed at release time,
// and extract it into the tool cache; a later step of the same job finds the marker and skips all of
// it. Writes the step output `source`: `asset` (the bundle is in place) or `build` (no asset for this
// ref: the next steps restore or build the sources, as install.mjs describes).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { releaseAsset, toolDirectory } from "./bundle.mjs";

function setOutput(name, value) {
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

async function download(url) {
  if (url.startsWith("file:")) return readFileSync(fileURLToPath(url));
  if (!url.startsWith("https://")) throw new Error(`release asset URL must be https: ${url}`);
  const response = await fetch(url, { redirect: "follow" });
  if (!response.ok) throw new Error(`downloading ${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** How old a `.partial-` directory must be to count as left by a killed step, not one extracting now. */
const STALE_PARTIAL_MS = 10 * 60 * 1000;

/**
 * A step killed while extracting (a cancelled job) leaves DIRECTORY.partial-XXXXXX behind, about 100 MB;
 * on a self-hosted runner the tool cache keeps it from job to job. The next install removes those.
 */
function removeStalePartials(directory, now = Date.now()) {
  const prefix = `${basename(directory)}.partial-`;
  let names;
  try {
    names = readdirSync(dirname(directory));
  } catch {
    return; // no tool cache directory yet
  }
  for (const name of names.filter((entry) => entry.startsWith(prefix))) {
    const path = join(dirname(directory), name);
    try {
      if (now - statSync(path).mtimeMs > STALE_PARTIAL_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // removed meanwhile by another step: nothing to do
    }
  }
}

/** Downloads, checks and extracts the asset unless its marker says it is there. Returns the timings. */
export async function installAsset(asset, environment = process.env) {
  const { directory, marker } = toolDirectory(asset, environment);
  try {
    readFileSync(marker);
    return { directory, installed: false };
  } catch {
    // not extracted yet in this job (or on this self-hosted runner)
  }
  const started = performance.now();
  const bytes = await download(asset.url);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (sha256 !== asset.sha256) {
    throw new Error(
      `${asset.url}: sha256 ${sha256} is not the ${asset.sha256} recorded at release; refusing to run it`,
    );
  }
  // Extract beside the final directory, then rename: a killed step leaves no half-extracted tree.
  mkdirSync(dirname(directory), { recursive: true });
  removeStalePartials(directory);
  const partial = mkdtempSync(`${directory}.partial-`);
  try {
    // The checked bytes go to tar on its stdin: no copy of the archive is written to disk and read back.
    const tar = spawnSync("tar", ["-xzf", "-", "-C", partial, "--strip-components=1"], {
      input: bytes,
      stdio: ["pipe", "inherit", "inherit"],
      maxBuffer: 1024 * 1024,
    });
    if (tar.status !== 0) throw new Error(`extracting ${asset.url} failed (tar exit ${tar.status})`);
    rmSync(directory, { recursive: true, force: true });
    renameSync(partial, directory);
  } finally {
    rmSync(partial, { recursive: true, force: true }); // a failed extraction's half tree (gone once renamed)
  }
  writeFileSync(marker, "");
  return { directory, installed: true, seconds: (performance.now() - started) / 1000 };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const asset = releaseAsset();
    if (!asset) {
      console.log("mlci: no release asset for this ref and platform; building from source");
      setOutput("source", "build");
    } else {
      const result = await installAsset(asset);
      console.log(
        result.installed
          ? `mlci ${asset.version}: installed in ${result.directory} (${result.seconds.toFixed(1)} s)`
          : `mlci ${asset.version}: already installed in ${result.directory}`,
      );
      setOutput("source", "asset");
    }
  } catch (error) {
    console.log(`::error::mlci setup: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}
