#!/usr/bin/env node
// Runs every compiled test file (`*.test.js` under packages/*/dist and test/dist) with Node's own
// test runner. `npm test` builds first (tsc -b), so this only collects and runs.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function collect(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out; // a package without compiled output has no tests yet
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith(".test.js")) out.push(path);
  }
  return out;
}

const roots = [...readdirSync("packages").map((p) => join("packages", p, "dist")), join("test", "dist")];
const files = roots.flatMap((root) => collect(root, [])).sort();
const filter = process.argv[2];
const selected = filter ? files.filter((f) => f.includes(filter)) : files;
if (selected.length === 0) {
  console.error(`no test files found${filter ? ` matching "${filter}"` : ""}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...selected], { stdio: "inherit" });
process.exit(result.status ?? 1);
