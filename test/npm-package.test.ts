// mlci from npm into any project (issue #13): `npm run dist` writes the package `mlci` (the bundle) and
// this platform's `@mlci/native-<platform>-<arch>`; both are packed, installed offline into a fresh
// project that has nothing but a package.json (a Python team's), and run through npx there.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fromRoot, repoRoot } from "./support/paths.js";
import { distAsset } from "./support/released-action.js";
import { scratchDir } from "./support/scratch.js";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const platform = `${process.platform}-${process.arch}`;

/**
 * The environment a user's shell has: without the npm_config_* / npm_package_* / npm_lifecycle_*
 * variables that `npm test` hands its children (this repository's .npmrc keys among them, which the
 * packed package must not depend on and which make the child npm warn).
 */
function userEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_(config|package|lifecycle)_/i.test(name)),
  );
}

function run(command: string, args: readonly string[], cwd: string) {
  // A home of its own: no user .npmrc, and npm's cache is the machine's (offline install reads it).
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...userEnvironment(), npm_config_update_notifier: "false" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the npm packages", () => {
  const { version } = distAsset();
  const packages = join(repoRoot, ".mlci-out/release/npm");
  const packs = scratchDir("mlci-packs-");

  it("pack without warnings: dist only, a LICENSE, the fields npm wants, a bin npm keeps as written", () => {
    for (const dir of ["mlci", `native-${platform}`]) {
      const packed = run(npm, ["pack", "--json", "--pack-destination", packs, join(packages, dir)], packs);
      assert.equal(packed.status, 0, packed.stderr);
      assert.doesNotMatch(packed.stderr, /npm warn/i, `npm pack ${dir} warned`);
    }
    const manifest = JSON.parse(readFileSync(join(packages, "mlci/package.json"), "utf8"));
    assert.equal(manifest.name, "mlci");
    assert.equal(manifest.version, version);
    assert.equal(manifest.license, "MIT");
    assert.equal(manifest.private, undefined);
    assert.deepEqual(manifest.engines, { node: ">=20" });
    assert.deepEqual(manifest.files, ["dist"]);
    assert.deepEqual(manifest.bin, { mlci: "dist/mlci.js" });
    assert.ok(manifest.description && manifest.repository?.url);
    // No dependency that runs an install script: the natives come in the platform package.
    assert.equal(manifest.dependencies, undefined);
    assert.equal(manifest.optionalDependencies[`@mlci/native-${platform}`], version);
    const listing = run("tar", ["-tzf", join(packs, `mlci-${version}.tgz`)], packs)
      .stdout.split("\n")
      .filter(Boolean);
    assert.deepEqual([...new Set(listing.map((path) => path.split("/").slice(0, 2).join("/")))].sort(), [
      "package/LICENSE",
      "package/dist",
      "package/package.json",
    ]);
  });

  it("install offline into a fresh project and run `npx mlci --help`, `schema infer` and `validate` there", () => {
    const project = scratchDir("mlci-python-team-");
    writeFileSync(join(project, "package.json"), '{ "name": "python-team", "private": true }\n');
    mkdirSync(join(project, "data"));
    copyFileSync(fromRoot("test/fixtures/validate/flights-clean.csv"), join(project, "data/batch.csv"));
    const tarballs = readdirSync(packs).map((file) => join(packs, file));
    assert.equal(tarballs.length, 2);
    const install = run(npm, ["install", "--offline", "--no-audit", "--no-fund", ...tarballs], project);
    assert.equal(install.status, 0, install.stderr);
    // Nothing else came along: no onnxruntime-node (and so no CUDA download), no DuckDB package.
    assert.deepEqual(
      readdirSync(join(project, "node_modules"))
        .filter((name) => !name.startsWith("."))
        .sort(),
      ["@mlci", "mlci"],
    );
    assert.equal(existsSync(join(project, "node_modules/onnxruntime-node")), false);

    const help = run("npx", ["--no-install", "mlci", "--help"], project);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /Usage: mlci/);
    assert.equal(run("npx", ["--no-install", "mlci", "--version"], project).stdout.trim(), version);

    const infer = run(
      "npx",
      ["--no-install", "mlci", "schema", "infer", "data/batch.csv", "--out", "schema.yml"],
      project,
    );
    assert.equal(infer.status, 0, infer.stderr);
    assert.match(readFileSync(join(project, "schema.yml"), "utf8"), /columns:/);
    const validate = run(
      "npx",
      ["--no-install", "mlci", "validate", "data/batch.csv", "--schema", "schema.yml"],
      project,
    );
    assert.equal(validate.status, 0, validate.stderr);
    assert.match(validate.stdout, /PASSED: data\/batch\.csv \(8 rows\)/);
  });
});

/** The bundle's directory in this platform's release asset, built first when it is stale. */
function bundleDir(): string {
  const { version } = distAsset();
  return join(repoRoot, ".mlci-out/release", `mlci-${version}-${platform}`, "dist");
}

describe("the bundle's chunks", () => {
  it("declare require and their own path exactly when their code uses them", () => {
    const dist = bundleDir();
    const chunks = readdirSync(dist).filter((file) => file.endsWith(".js"));
    let withRequire = 0;
    for (const file of chunks) {
      const text = readFileSync(join(dist, file), "utf8");
      const declares = text.includes("const require = __mlciCreateRequire(import.meta.url);");
      // The code after the declarations: a chunk that calls require() must have one (a ReferenceError
      // at the first call otherwise), and one that does not should not pay for creating it.
      const code = text.replace(
        /^(#!.*\n)?(import \{[^}]*\} from "node:(module|url)"; |const (require|__mlciFilename|__mlciDirname) = [^;]*; )*/,
        "",
      );
      assert.equal(declares, /\brequire\b/.test(code), file);
      for (const name of ["__mlciFilename", "__mlciDirname"]) {
        assert.equal(text.includes(`const ${name} = `), code.includes(name), `${file}: ${name}`);
      }
      if (declares) withRequire++;
    }
    // DuckDB's and onnxruntime's bindings, pg and the CommonJS libraries load through require().
    assert.ok(withRequire > 0 && withRequire < chunks.length / 2, `${withRequire} of ${chunks.length}`);
  });
});

describe("the bundle's start", () => {
  it("loads no node:child_process for `--version` or `validate` (commander's is loaded at its first spawn)", () => {
    const bin = join(bundleDir(), "mlci.js");
    const work = scratchDir("mlci-bundle-start-");
    after(() => rmSync(work, { recursive: true, force: true }));
    const data = fromRoot("test/fixtures/validate/flights-clean.csv");
    const schema = join(work, "schema.yml");
    // A preload that reports, at exit, which of Node's own modules the process loaded.
    const report = join(work, "modules.cjs");
    writeFileSync(
      report,
      'process.on("exit", () => require("fs").writeSync(2, "\\nloaded: " + process.moduleLoadList.join("|") + "\\n"));',
    );
    assert.equal(run(process.execPath, [bin, "schema", "infer", data, "--out", schema], work).status, 0);
    for (const args of [["--version"], ["validate", data, "--schema", schema]]) {
      const started = spawnSync(process.execPath, ["--require", report, bin, ...args], { cwd: work, encoding: "utf8" });
      assert.equal(started.status, 0, started.stderr);
      const loaded = /\nloaded: (.*)\n/.exec(started.stderr)?.[1]?.split("|") ?? [];
      assert.ok(loaded.includes("NativeModule node:fs") || loaded.includes("NativeModule fs"), "the report works");
      assert.ok(!loaded.includes("NativeModule child_process"), `mlci ${args[0]} loaded child_process`);
    }
  });
});
