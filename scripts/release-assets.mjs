#!/usr/bin/env node
// Writes release-assets.json at the repository root from the assets `npm run dist` built on each
// platform (.mlci-out/release/*.tar.gz.sha256, gathered from the platforms' builds): the version and,
// per platform, the download URL and sha256 that every action of this ref checks (scripts/action/setup.mjs).
// Commit the file in the release commit, before tagging it: the checksum is then fixed with the ref.
//   node scripts/release-assets.mjs https://github.com/OWNER/mlci/releases/download/v1.2.0
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const base = process.argv[2];
if (!base?.startsWith("https://")) {
  console.error("usage: node scripts/release-assets.mjs https://.../releases/download/<tag>");
  process.exit(2);
}
const version = JSON.parse(readFileSync(join(root, "packages/cli/package.json"), "utf8")).version;
const out = join(root, ".mlci-out/release");
const assets = {};
for (const file of readdirSync(out)
  .filter((f) => f.endsWith(".tar.gz.sha256"))
  .sort()) {
  const [sha256, name] = readFileSync(join(out, file), "utf8").trim().split(/\s+/);
  const platform = new RegExp(`^mlci-${version.replaceAll(".", "\\.")}-(.+)\\.tar\\.gz$`).exec(name ?? "")?.[1];
  if (!platform) continue; // an asset of another version
  assets[platform] = { url: `${base.replace(/\/+$/, "")}/${name}`, sha256 };
}
if (Object.keys(assets).length === 0) {
  console.error(`no asset of mlci ${version} in ${out}: run npm run dist first`);
  process.exit(2);
}
writeFileSync(join(root, "release-assets.json"), `${JSON.stringify({ version, assets }, null, 2)}\n`);
console.log(`release-assets.json: mlci ${version} for ${Object.keys(assets).join(", ")}`);
