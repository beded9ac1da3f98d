// What every demo step gets: paths, a way to run the CLI as a user would (checking the exit code the
// step expects), a DuckDB connection for preparing data, and a place to keep values for later steps.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";

/** Unset: the CLI would otherwise write to a workflow's outputs and summary or read its event. */
const NOT_IN_A_WORKFLOW = Object.fromEntries(
  ["GITHUB_SHA", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_EVENT_PATH", "GITHUB_EVENT_NAME", "GITHUB_TOKEN"].map(
    (name) => [name, ""],
  ),
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
     * `expect` (0 by default). Returns {status, stdout, stderr}.
     */
    mlci(args, { expect = 0, env = {} } = {}) {
      console.log(`$ mlci ${args.map((a) => (/[\s"]/.test(a) ? JSON.stringify(a) : a)).join(" ")}`);
      const result = spawnSync(process.execPath, [join(root, "packages/cli/bin/mlci.js"), ...args], {
        cwd: root,
        encoding: "utf8",
        // Outside GitHub Actions even when the demo runs inside it (its test in CI): the local forge.
        env: { ...process.env, GITHUB_ACTIONS: "", ...NOT_IN_A_WORKFLOW, ...env },
      });
      process.stdout.write(indent(result.stdout));
      process.stdout.write(indent(result.stderr));
      console.log(`(exit ${result.status})`);
      if (result.status !== expect) {
        throw new Error(`\`mlci ${args.join(" ")}\` exited ${result.status}, expected ${expect}`);
      }
      return result;
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

function git(cwd, args) {
  const result = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

function indent(text) {
  return text ? `${text.replace(/\n$/, "").replace(/^/gm, "  ")}\n` : "";
}
