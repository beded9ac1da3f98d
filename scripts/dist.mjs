#!/usr/bin/env node
// `npm run dist`: mlci as one distributable for this platform (issue #13), built from the compiled
// packages (run `tsc -b` first; the npm script does). `npm run dist -- --target darwin-arm64` builds
// another platform's (linux-x64, linux-arm64, darwin-arm64, win32-x64): the bundle is the same
// JavaScript, the natives are that platform's DuckDB binding (fetched from the registry with
// `npm pack`, same pinned version) and onnxruntime's CPU files (onnxruntime-node ships every platform's).
//
//   .mlci-out/release/mlci-<version>-<platform>-<arch>/      the release asset, unpacked:
//     package.json, LICENSE
//     dist/mlci.js, dist/train-action.js, dist/bootstrap-worker.js, dist/<chunk>-<hash>.js
//                                                                  esbuild bundle, ESM, one lazy chunk
//                                                                  per command (code splitting)
//     native/   this platform's native files only: DuckDB's binding and library, onnxruntime's CPU
//               binding and library (no CUDA, no other platform)
//   .mlci-out/release/mlci-<version>-<platform>-<arch>.tar.gz  (+ .sha256): the release asset
//   .mlci-out/release/npm/mlci/                     the npm package `mlci`: dist/ only, natives as
//   .mlci-out/release/npm/native-<platform>-<arch>/ the optional package @mlci/native-<platform>-<arch>
//
// Every JavaScript dependency is bundled (commander, zod, yaml, DuckDB's and onnxruntime's JS, pg,
// Octokit, @actions/*), so neither the asset nor the npm package runs an install script or needs a
// node_modules of its own. @actions/artifact is imported only by the train action's entry: esbuild puts
// it in that entry's chunks, never in a chunk the CLI loads.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as esbuild from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const cli = JSON.parse(readFileSync(join(root, "packages/cli/package.json"), "utf8"));
const version = cli.version;
const TARGETS = ["linux-x64", "linux-arm64", "darwin-arm64", "win32-x64"];
const usage = (problem) => {
  console.error(
    `mlci dist: ${problem}; fix: pass --target with one of ${TARGETS.join(", ")}, or nothing for this machine's`,
  );
  process.exit(2);
};
let flags;
try {
  flags = parseArgs({ options: { target: { type: "string" } } }).values;
} catch (error) {
  usage(error.message);
}
const platform = flags.target ?? `${process.platform}-${process.arch}`;
if (!TARGETS.includes(platform)) usage(`unknown target "${platform}"`);
const [targetOs, targetArch] = platform.split("-");
const host = platform === `${process.platform}-${process.arch}`;
const out = join(root, ".mlci-out/release");
const name = `mlci-${version}-${platform}`;
const stage = join(out, name);

/** DuckDB's binding package of the target: installed here for this platform, else fetched once. */
function duckdbBindings() {
  if (host) return dirname(require.resolve(`@duckdb/node-bindings-${platform}/package.json`));
  const pkg = `@duckdb/node-bindings-${platform}`;
  const pinned = require("@duckdb/node-bindings/package.json").optionalDependencies[pkg];
  const dir = join(root, ".mlci-out/natives", `${platform}-${pinned}`);
  if (!existsSync(join(dir, "package/package.json"))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const pack = spawnSync("npm", ["pack", `${pkg}@${pinned}`, "--pack-destination", dir, "--silent"], {
      encoding: "utf8",
    });
    if (pack.status !== 0) throw new Error(`npm pack ${pkg}@${pinned} failed: ${pack.stderr}`);
    const tarball = join(dir, pack.stdout.trim().split("\n").pop());
    const untar = spawnSync("tar", ["-xzf", tarball, "-C", dir], { stdio: "inherit" });
    if (untar.status !== 0) throw new Error(`tar -xzf ${tarball} failed`);
  }
  return join(dir, "package");
}

/** The target's native files, and where they come from. */
function nativeSources() {
  const duckdb = duckdbBindings();
  const ort = join(dirname(require.resolve("onnxruntime-node/package.json")), "bin/napi-v6", targetOs, targetArch);
  const pick = (dir, keep) =>
    readdirSync(dir)
      .filter(keep)
      .map((file) => join(dir, file));
  return [
    ...pick(duckdb, (file) => /\.(node|so|dylib|dll)$/.test(file)),
    // The CPU binding and runtime; never the CUDA/TensorRT providers (not in the npm package anyway),
    // nor the versioned copy of the macOS library (the binding links @rpath/libonnxruntime.1.dylib),
    // nor DirectX's shader compilers (Windows: DirectML uses them only when present; DirectML.dll
    // itself is linked by onnxruntime.dll and stays).
    ...pick(
      ort,
      (file) => !/providers_(cuda|tensorrt)|^libonnxruntime\.\d+\.\d+\.\d+\.dylib$|^dx(compiler|il)\.dll$/.test(file),
    ),
  ];
}

// Resolves a native file in ../native/ beside the bundle (release asset), else in the platform package
// installed beside `mlci` by npm. Bundled as a module of its own ("mlci:native").
const NATIVE_MODULE = `
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
export function nativeFile(name) {
  const beside = fileURLToPath(new URL("../native/" + name, import.meta.url));
  if (existsSync(beside)) return beside;
  const pkg = "@mlci/native-" + process.platform + "-" + process.arch;
  try {
    return createRequire(import.meta.url).resolve(pkg + "/" + name);
  } catch {
    throw new Error("mlci: " + name + " not found: install " + pkg + " (npm installs it with mlci on " + process.platform + "-" + process.arch + ")");
  }
}`;

/** esbuild plugin: DuckDB's and onnxruntime's binding loaders point at nativeFile(); lazy requires stay lazy. */
const nativesPlugin = {
  name: "mlci-natives",
  setup(build) {
    build.onResolve({ filter: /^mlci:native$/ }, () => ({ path: "native", namespace: "mlci" }));
    build.onLoad({ filter: /.*/, namespace: "mlci" }, () => ({
      contents: NATIVE_MODULE,
      loader: "js",
      resolveDir: root,
    }));
    // @duckdb/node-bindings picks a platform package by require(); here the binding is this platform's.
    build.onLoad({ filter: /[\\/]@duckdb[\\/]node-bindings[\\/]duckdb\.js$/ }, () => ({
      contents: 'module.exports = require(require("mlci:native").nativeFile("duckdb.node"));',
      loader: "js",
      resolveDir: root,
    }));
    build.onLoad({ filter: /[\\/]onnxruntime-node[\\/]dist[\\/]binding\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const loader =
        /require\(`\.\.\/bin\/napi-v6\/\$\{process\.platform\}\/\$\{process\.arch\}\/onnxruntime_binding\.node`\)/;
      if (!loader.test(source))
        throw new Error(`${args.path}: onnxruntime's binding loader changed; update scripts/dist.mjs`);
      return {
        contents: source.replace(loader, 'require(require("mlci:native").nativeFile("onnxruntime_binding.node"))'),
        loader: "js",
        resolveDir: dirname(args.path),
      };
    });
    // commander requires node:child_process at load, for executable subcommands, which mlci has none
    // of: it brings net, dgram and the stream modules, 5 ms of CPU at every start. Loaded at first use.
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager))
        throw new Error(`${args.path}: commander's require changed; update scripts/dist.mjs`);
      const lazy = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(eager, lazy), loader: "js", resolveDir: dirname(args.path) };
    });
    // zod's namespace re-exports every locale (`z.locales`, 300 KB of the 580 KB zod bundles): mlci
    // uses only the default English messages, which zod imports itself, so the namespace keeps `en`
    // alone. Parsing the other locales cost about 25 ms of CPU at every start of a command using zod.
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), "../locales/en.js"), namespace: "mlci-zod-locales" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "mlci-zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      loader: "js",
      resolveDir: root,
    }));
    // The packages load DuckDB, onnxruntime, pg and @stdlib with createRequire(import.meta.url)(...)
    // (cheaper than an ESM import of CommonJS, see engine's duckdb-module.ts): a plain require here,
    // which esbuild bundles and still runs only when reached.
    build.onLoad({ filter: /[\\/]packages[\\/][a-z]+[\\/]dist[\\/].*\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      return { contents: source.replaceAll("createRequire(import.meta.url)(", "require("), loader: "js" };
    });
  },
};

/**
 * The lines esbuild puts at the top of every chunk, each with whether a chunk's code needs it. Most of
 * the ~90 chunks use none: creating a require and resolving the chunk's own path in each of the ~20
 * chunks a command loads cost 6% of the CPU of `mlci validate` or `mlci profile` on a small file.
 */
const usesRequire = (code) => /\brequire\b/.test(code);
const BANNER = [
  { line: 'import { createRequire as __mlciCreateRequire } from "node:module";', needed: usesRequire },
  {
    line: 'import { fileURLToPath as __mlciFileURLToPath } from "node:url";',
    needed: (code) => code.includes("__mlciFilename") || code.includes("__mlciDirname"),
  },
  { line: "const require = __mlciCreateRequire(import.meta.url);", needed: usesRequire },
  {
    line: "const __mlciFilename = __mlciFileURLToPath(import.meta.url);",
    needed: (code) => code.includes("__mlciFilename"),
  },
  {
    line: 'const __mlciDirname = __mlciFileURLToPath(new URL(".", import.meta.url));',
    needed: (code) => code.includes("__mlciDirname"),
  },
];

/** A chunk with only the banner lines its code uses (a word `require` anywhere keeps require's). */
function trimBanner(file) {
  const text = readFileSync(file, "utf8");
  const banner = BANNER.map((part) => part.line).join(" ");
  if (!text.startsWith(banner)) throw new Error(`${file}: esbuild's banner not at the top; update trimBanner`);
  const code = text.slice(banner.length);
  const kept = BANNER.filter((part) => part.needed(code)).map((part) => part.line);
  writeFileSync(file, kept.length > 0 ? `${kept.join(" ")}${code}` : code.replace(/^\n/, ""));
}

rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, "native"), { recursive: true });

const started = performance.now();
const result = await esbuild.build({
  entryPoints: {
    mlci: join(root, "packages/cli/dist/main.js"),
    "train-action": join(root, "packages/cli/dist/action/train-main.js"),
    // evaluate's worker threads load it beside the chunk that starts them (parallel-replicates.ts)
    "bootstrap-worker": join(root, "packages/cli/dist/evaluate/bootstrap-worker.js"),
  },
  outdir: join(stage, "dist"),
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "[name]-[hash]",
  // Whitespace and syntax only: names stay readable in an internal error's stack trace.
  minifyWhitespace: true,
  minifySyntax: true,
  // CommonJS code inside the ESM chunks calls require() and reads __filename (write-file-atomic):
  // every chunk gets a require, and the free __filename/__dirname of the bundled code become its own
  // (define renames only undeclared uses: a module declaring its own __filename keeps it). Each chunk
  // then keeps only the lines it uses (trimBanner, below).
  banner: { js: BANNER.map((part) => part.line).join(" ") },
  define: { __filename: "__mlciFilename", __dirname: "__mlciDirname" },
  // pg's optional native client (pg-native) is never used.
  external: ["pg-native"],
  plugins: [nativesPlugin],
  legalComments: "linked",
  metafile: true,
  logLevel: "warning",
});
for (const file of Object.keys(result.metafile.outputs)) if (file.endsWith(".js")) trimBanner(resolve(file));
writeFileSync(join(stage, "dist/mlci.js"), `#!/usr/bin/env node\n${readFileSync(join(stage, "dist/mlci.js"), "utf8")}`);

for (const file of nativeSources()) copyFileSync(file, join(stage, "native", file.split(/[\\/]/).pop()));
// DuckDB's library ships its symbol table (12% of its size); the dynamic symbols stay.
if (host && process.platform === "linux" && spawnSync("strip", ["--version"]).status === 0) {
  for (const file of readdirSync(join(stage, "native"))) {
    const strip = spawnSync("strip", ["--strip-unneeded", join(stage, "native", file)], { stdio: "inherit" });
    if (strip.status !== 0) throw new Error(`strip ${file} failed (exit ${strip.status})`);
  }
}
copyFileSync(join(root, "LICENSE"), join(stage, "LICENSE"));

const manifest = {
  name: "mlci",
  version,
  description:
    "Continuous integration and delivery for ML models inside GitHub: validate data, evaluate, report, release, watch drift",
  license: "MIT",
  repository: { type: "git", url: `git+https://github.com/${process.env.GITHUB_REPOSITORY ?? "OWNER/mlci"}.git` },
  engines: { node: ">=20" },
  type: "module",
  bin: { mlci: "dist/mlci.js" },
};
writeFileSync(join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);

// Chunks the CLI itself can load must not hold @actions/artifact (only the train action's do).
const cliChunks = new Set();
const visit = (file) => {
  if (cliChunks.has(file)) return;
  cliChunks.add(file);
  for (const imported of result.metafile.outputs[file]?.imports ?? []) if (!imported.external) visit(imported.path);
};
const entryOf = (entry) =>
  Object.keys(result.metafile.outputs).find((f) => result.metafile.outputs[f].entryPoint?.endsWith(entry));
visit(entryOf("packages/cli/dist/main.js"));
for (const file of cliChunks) {
  const inputs = Object.keys(result.metafile.outputs[file].inputs);
  const artifact = inputs.find((input) => input.includes("node_modules/@actions/artifact/"));
  if (artifact) throw new Error(`${file} (reachable from mlci.js) bundles ${artifact}`);
}

// The release asset: tar.gz of the staged directory, and its sha256 (fixed in the actions at release).
const archive = join(out, `${name}.tar.gz`);
const tar = spawnSync("tar", ["-czf", archive, "-C", out, name], { stdio: "inherit" });
if (tar.status !== 0) throw new Error(`tar failed (exit ${tar.status})`);
const sha256 = createHash("sha256").update(readFileSync(archive)).digest("hex");
writeFileSync(`${archive}.sha256`, `${sha256}  ${name}.tar.gz\n`);

// The npm packages: `mlci` (the bundle) and this platform's `@mlci/native-<platform>-<arch>`.
const npmMlci = join(out, "npm/mlci");
const npmNative = join(out, `npm/native-${platform}`);
rmSync(npmMlci, { recursive: true, force: true });
rmSync(npmNative, { recursive: true, force: true });
mkdirSync(npmMlci, { recursive: true });
mkdirSync(npmNative, { recursive: true });
spawnSync("cp", ["-R", join(stage, "dist"), join(npmMlci, "dist")]);
writeFileSync(
  join(npmMlci, "package.json"),
  `${JSON.stringify(
    {
      ...manifest,
      files: ["dist"],
      optionalDependencies: Object.fromEntries(TARGETS.map((p) => [`@mlci/native-${p}`, version])),
    },
    null,
    2,
  )}\n`,
);
copyFileSync(join(root, "LICENSE"), join(npmMlci, "LICENSE"));
for (const file of readdirSync(join(stage, "native"))) copyFileSync(join(stage, "native", file), join(npmNative, file));
writeFileSync(
  join(npmNative, "package.json"),
  `${JSON.stringify(
    {
      name: `@mlci/native-${platform}`,
      version,
      description: `mlci's native files for ${platform}: DuckDB's binding and onnxruntime's CPU runtime`,
      license: "MIT",
      repository: manifest.repository,
      engines: manifest.engines,
      os: [targetOs],
      cpu: [targetArch],
      files: readdirSync(join(stage, "native")),
    },
    null,
    2,
  )}\n`,
);
copyFileSync(join(root, "LICENSE"), join(npmNative, "LICENSE"));

const size = (path) =>
  statSync(path).isDirectory()
    ? readdirSync(path).reduce((sum, f) => sum + size(join(path, f)), 0)
    : statSync(path).size;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
console.log(`mlci ${version} for ${platform} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(
  `  ${relative(root, stage)}/: dist ${mb(size(join(stage, "dist")))}, native ${mb(size(join(stage, "native")))}`,
);
console.log(`  ${relative(root, archive)}: ${mb(statSync(archive).size)}, sha256 ${sha256}`);
console.log(`  ${relative(root, npmMlci)}/ and ${relative(root, npmNative)}/ (npm pack them)`);
