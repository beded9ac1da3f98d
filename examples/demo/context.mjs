// What every demo step gets: paths, a way to run the CLI as a user would (checking the exit code the
// step expects), a DuckDB connection for preparing data, and a place to keep values for later steps.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export async function createDemoContext() {
  const out = join(root, ".mlci-out", "demo");
  rmSync(out, { recursive: true, force: true }); // every run starts from the same state
  mkdirSync(out, { recursive: true });
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  return {
    root,
    out,
    outRelative: relative(process.cwd(), out) || ".",
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
        env: { ...process.env, ...env },
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

function indent(text) {
  return text ? `${text.replace(/\n$/, "").replace(/^/gm, "  ")}\n` : "";
}
