// What every demo step gets: paths, a way to run the CLI as a user would (checking the exit code the
// step expects), a DuckDB connection for preparing data, and a place to keep values for later steps.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";

/**
 * Empty while a command runs: the CLI would otherwise write to a workflow's outputs and summary, read
 * its event, or use GitHub instead of the local forge (the demo runs as its test in CI too).
 */
const NOT_IN_A_WORKFLOW = Object.fromEntries(
  [
    "GITHUB_ACTIONS",
    "GITHUB_SHA",
    "GITHUB_OUTPUT",
    "GITHUB_STEP_SUMMARY",
    "GITHUB_EVENT_PATH",
    "GITHUB_EVENT_NAME",
    "GITHUB_TOKEN",
  ].map((name) => [name, ""]),
);

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export async function createDemoContext() {
  const out = join(root, ".mlci-out", "demo");
  rmSync(out, { recursive: true, force: true }); // every run starts from the same state
  mkdirSync(out, { recursive: true });
  // The demo's own git repository: the local model registry keeps versions and stages as git tags,
  // and they belong in a throwaway repository, never in the repository the demo runs from.
  git(out, ["init", "-q", "-b", "main"]);
  git(out, ["config", "user.name", "mlci demo"]);
  git(out, ["config", "user.email", "demo@mlci.invalid"]);
  git(out, ["config", "commit.gpgsign", "false"]);
  git(out, ["config", "tag.gpgsign", "false"]);
  git(out, ["commit", "-q", "--allow-empty", "-m", "Initial commit"]); // lineage records a commit
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  return {
    root,
    out,
    outRelative: relative(process.cwd(), out) || ".",
    /** The local forge (pull-request comments, issues) of the demo's repository. */
    forge: join(out, ".mlci", "forge"),
    /** The flights of vega-datasets: 3M US domestic flights, Jan-Jun 2001. */
    flights: join(root, "node_modules", "vega-datasets", "data", "flights-3m.parquet"),
    /** Values steps hand to later steps (paths of contracts, models, results...). */
    values: {},
    duckdb: connection,
    /** Path relative to the repository root, where the CLI runs: the form to pass to `mlci`. */
    path(absolute) {
      return relative(root, absolute);
    },
    /** Path relative to the current directory, for messages a user can copy. */
    show(path) {
      return relative(process.cwd(), path);
    },
    /** Runs git in the demo's repository (.mlci-out/demo) and returns its output. */
    git(...args) {
      return git(out, args);
    },
    /** Commits everything in the demo's repository, as a merge to main would; returns the commit. */
    commit(message) {
      git(out, ["add", "-A"]);
      git(out, ["commit", "-q", "--allow-empty", "-m", message]);
      return git(out, ["rev-parse", "HEAD"]).trim();
    },
    heading(text) {
      console.log(`\n=== ${text}`);
    },
    say(text) {
      console.log(text);
    },
    /**
     * Runs `mlci ARGS` in the repository root and prints its output; throws unless it exits with
     * `expect` (0 by default). Returns {status, stdout, stderr}. The commands run in this process, one
     * after another, as the CLI's own entry point runs them: DuckDB and onnxruntime load once for the
     * whole demo instead of once per command (half the demo's time went to starting commands).
     */
    async mlci(args, { expect = 0, env = {} } = {}) {
      console.log(`$ mlci ${args.map((a) => (/[\s"]/.test(a) ? JSON.stringify(a) : a)).join(" ")}`);
      let stdout = "";
      let stderr = "";
      const io = {
        stdout: (text) => {
          stdout += text;
        },
        stderr: (text) => {
          stderr += text;
        },
      };
      const { runCli } = await import(pathToFileURL(join(root, "packages/cli/dist/program.js")).href);
      const status = await withEnvironment({ ...NOT_IN_A_WORKFLOW, ...env }, () => runCli(args, io));
      process.stdout.write(indent(stdout));
      process.stdout.write(indent(stderr));
      console.log(`(exit ${status})`);
      if (status !== expect) {
        throw new Error(`\`mlci ${args.join(" ")}\` exited ${status}, expected ${expect}`);
      }
      return { status, stdout, stderr };
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Runs `action` in the repository root with `env` set, then puts the directory and environment back. */
async function withEnvironment(env, action) {
  const directory = process.cwd();
  const saved = Object.keys(env).map((name) => [name, process.env[name]]);
  Object.assign(process.env, env);
  process.chdir(root);
  try {
    return await action();
  } finally {
    process.chdir(directory);
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

function git(cwd, args) {
  const result = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

function indent(text) {
  return text ? `${text.replace(/\n$/, "").replace(/^/gm, "  ")}\n` : "";
}
