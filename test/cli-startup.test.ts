// The CLI loads only what a command uses (issue #13): help, version and a mistyped command read the
// command table alone; each command's modules leave out the native libraries and services it does not
// need. Seen through a module-resolution hook (support/trace-imports.mjs) in a real child process.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { COMMAND_GROUPS, COMMANDS } from "@mlci/cli/command-table.js";
import { buildProgram, mlciVersion } from "@mlci/cli/program.js";
import { fromRoot, repoRoot } from "./support/paths.js";
import { scratchDir } from "./support/scratch.js";

const work = scratchDir("mlci-startup-test-");
after(() => rmSync(work, { recursive: true, force: true }));

/** Runs `mlci ARGS` and returns the modules it resolved (file paths relative to the repository). */
function traced(
  args: readonly string[],
  name: string,
  env: Record<string, string> = {},
): { status: number | null; stdout: string; modules: string[] } {
  const trace = join(work, `${name}.txt`);
  const run = spawnSync(
    process.execPath,
    ["--import", fromRoot("test/support/trace-imports.mjs"), fromRoot("packages/cli/bin/mlci.js"), ...args],
    { cwd: work, encoding: "utf8", env: { ...process.env, ...env, MLCI_TRACE_IMPORTS: trace } },
  );
  const modules = readFileSync(trace, "utf8")
    .split("\n")
    .filter((url) => url.startsWith("file:"))
    .map((url) => decodeURIComponent(url.slice("file://".length)).replace(repoRoot, ""));
  return { status: run.status, stdout: run.stdout, modules };
}

const HEAVY = {
  duckdb: /node_modules\/@duckdb\//,
  onnxruntime: /node_modules\/onnxruntime-/,
  pg: /node_modules\/pg\//,
  octokit: /node_modules\/@octokit\//,
  actions: /node_modules\/@actions\//,
  stdlib: /node_modules\/@stdlib\//,
  zod: /node_modules\/zod\//,
  yaml: /node_modules\/yaml\//,
  atomicWrite: /node_modules\/write-file-atomic\//,
} as const;

function loaded(modules: readonly string[], what: keyof typeof HEAVY): boolean {
  return modules.some((path) => HEAVY[what].test(path));
}

describe("mlci start-up", () => {
  for (const [args, status] of [
    [["--help"], 0],
    [["--version"], 0],
    [["no-such-command"], 2],
  ] as const) {
    it(`\`mlci ${args.join(" ")}\` loads no command module and no library but commander`, () => {
      const run = traced(args, args[0].replace(/^-+/, ""));
      assert.equal(run.status, status);
      const commands = run.modules.filter((path) => path.includes("/dist/commands/"));
      assert.deepEqual(commands, []);
      const libraries = run.modules.filter((path) => path.includes("node_modules/") && !path.includes("/commander/"));
      assert.deepEqual(libraries, []);
    });
  }

  it("`mlci --help` lists every command of the table with its summary", () => {
    const run = traced(["--help"], "help-list");
    for (const entry of COMMANDS)
      assert.match(run.stdout, new RegExp(`\\n  ${entry.term.replace(/[[\].]/g, "\\$&")} `));
  });

  it("`mlci --help` lists the commands under the workflow's headings, in order, then examples of the workflow", () => {
    const help = traced(["--help"], "help-groups").stdout;
    const headings = COMMAND_GROUPS.map((group) => help.indexOf(`\n${group}\n`));
    assert.ok(
      headings.every((at, i) => at > 0 && (i === 0 || at > (headings[i - 1] as number))),
      `headings in order: ${headings}`,
    );
    // Each command under its own heading: after it, before the next one.
    for (const entry of COMMANDS) {
      const at = help.indexOf(`\n  ${entry.term} `);
      const group = COMMAND_GROUPS.indexOf(entry.group);
      assert.ok(at > (headings[group] as number), entry.name);
      if (group + 1 < headings.length) assert.ok(at < (headings[group + 1] as number), entry.name);
    }
    // The examples walk the workflow: every one runs a command of the table, in the workflow's order.
    const examples = help.slice(help.indexOf("\nExamples"));
    const steps = [...examples.matchAll(/^ {4}mlci (\S+)/gm)].map((match) => match[1] as string);
    assert.deepEqual(steps, [
      "schema",
      "validate",
      "train",
      "evaluate",
      "report",
      "release",
      "promote",
      "profile",
      "drift",
    ]);
    assert.ok(examples.includes("mlci schema infer "));
  });

  it("`mlci --version` prints package.json's version", () => {
    const manifest = JSON.parse(readFileSync(fromRoot("packages/cli/package.json"), "utf8")) as { version: string };
    assert.equal(traced(["--version"], "version").stdout.trim(), manifest.version);
    assert.equal(mlciVersion(), manifest.version);
  });

  it("`mlci --help | head` (a reader that closed its end) is no crash: exit 0, nothing on stderr", async () => {
    const child = spawn(process.execPath, [fromRoot("packages/cli/bin/mlci.js"), "--help"], {
      cwd: work,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy(); // the reader is gone before mlci writes: its write fails with EPIPE
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const [code] = (await once(child, "close")) as [number | null];
    assert.equal(stderr, "");
    assert.equal(code, 0);
  });

  it("`mlci report` renders without DuckDB, onnxruntime, PostgreSQL, @stdlib or Octokit", () => {
    const out = join(work, "report.md");
    const run = traced(
      ["report", "--evaluation", fromRoot("test/fixtures/report/evaluation-worse.json"), "--out", out],
      "report",
    );
    assert.equal(run.status, 0);
    for (const what of ["duckdb", "onnxruntime", "pg", "stdlib", "actions"] as const)
      assert.equal(loaded(run.modules, what), false, what);
  });

  it("`mlci schema infer` and `mlci validate` load DuckDB but no onnxruntime, PostgreSQL, Octokit or @actions", () => {
    const schema = join(work, "schema.yml");
    const csv = fromRoot("test/fixtures/validate/flights-clean.csv");
    const infer = traced(["schema", "infer", csv, "--out", schema], "infer");
    assert.equal(infer.status, 0);
    const validate = traced(["validate", csv, "--schema", schema], "validate");
    assert.equal(validate.status, 0);
    for (const run of [infer, validate]) {
      assert.equal(loaded(run.modules, "duckdb"), true);
      for (const what of ["onnxruntime", "pg", "octokit", "actions", "stdlib"] as const) {
        assert.equal(loaded(run.modules, what), false, what);
      }
    }
    // write-file-atomic (node:crypto, worker_threads, signal-exit) loads at the first file written.
    assert.equal(loaded(infer.modules, "atomicWrite"), true);
    assert.equal(loaded(validate.modules, "atomicWrite"), false);
    // The contract is checked with zod's functional API (zod/mini), not its chained one (the classic
    // module graph), and validation.json is written without building the schema that checks such files.
    assert.equal(
      validate.modules.some((path) => /node_modules\/zod\/v4\/classic\//.test(path)),
      false,
    );
    assert.equal(
      validate.modules.some((path) => path.endsWith("/contract/validation-result.js")),
      false,
    );
  });

  it("`mlci profile` of a CSV, with no mlci.yml, loads DuckDB and neither YAML, zod nor PostgreSQL's client", () => {
    const csv = fromRoot("test/fixtures/validate/flights-clean.csv");
    const run = traced(["profile", csv, "--out", join(work, "profile.json")], "profile");
    assert.equal(run.status, 0);
    assert.equal(loaded(run.modules, "duckdb"), true);
    for (const what of ["yaml", "zod", "pg", "onnxruntime", "octokit", "actions", "stdlib"] as const) {
      assert.equal(loaded(run.modules, what), false, what);
    }
  });

  it("`mlci evaluate` of two model files, with no mlci.yml, loads neither YAML, zod nor the forge", () => {
    const models = fromRoot("packages/model/test-data");
    const run = traced(
      [
        "evaluate",
        ...["--model", join(models, "tree_binary.onnx"), "--baseline", join(models, "logistic_columns.onnx")],
        ...["--data", join(models, "flights-sample.csv"), "--features", "distance,hour,weekday"],
        ...["--target", "delayed", "--resamples", "20", "--no-cost", "--out", join(work, "evaluation.json")],
      ],
      "evaluate",
    );
    assert.equal(run.status, 0, run.stdout);
    for (const what of ["duckdb", "onnxruntime"] as const) assert.equal(loaded(run.modules, what), true, what);
    for (const what of ["yaml", "zod", "pg", "octokit", "actions"] as const) {
      assert.equal(loaded(run.modules, what), false, what);
    }
  });

  it("`mlci action` loads @actions/core only when it has outputs or a summary to write", () => {
    const outputs = join(work, "github-output.txt");
    writeFileSync(outputs, "");
    const runner = { GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: "" };
    const unknown = traced(["action", "deploy"], "action-unknown", runner);
    assert.equal(unknown.status, 2);
    assert.equal(loaded(unknown.modules, "actions"), false, "an unknown command");
    const badInput = traced(["action", "drift"], "action-bad-input", { ...runner, INPUT_REFERENCE: "" });
    assert.equal(badInput.status, 2);
    assert.equal(loaded(badInput.modules, "actions"), false, "a missing required input");
    assert.equal(readFileSync(outputs, "utf8"), "");
    const csv = fromRoot("test/fixtures/validate/flights-clean.csv");
    const schema = join(work, "action-schema.yml");
    assert.equal(traced(["schema", "infer", csv, "--out", schema], "action-infer").status, 0);
    const validated = traced(["action", "validate"], "action-validate", {
      ...runner,
      INPUT_DATA: csv,
      INPUT_SCHEMA: schema,
    });
    assert.equal(validated.status, 0);
    assert.equal(loaded(validated.modules, "actions"), true, "outputs are written with @actions/core");
    assert.match(readFileSync(outputs, "utf8"), /^passed<<ghadelimiter_/m);
  });

  it("`mlci evaluate --help` loads neither DuckDB nor onnxruntime", () => {
    const run = traced(["evaluate", "--help"], "evaluate-help");
    assert.equal(run.status, 0);
    assert.equal(loaded(run.modules, "duckdb"), false);
    assert.equal(loaded(run.modules, "onnxruntime"), false);
  });
});

describe("the command table", () => {
  it("says for each command what its module registers (name, arguments, summary)", async () => {
    for (const entry of COMMANDS) await entry.load();
    const program = buildProgram({
      io: { stdout: () => {}, stderr: () => {} },
      commandOutput: { stdout: () => {}, stderr: () => {} },
      openForge: async () => {
        throw new Error("registering commands opens no forge");
      },
      setExitCode: () => {},
    });
    const help = program.createHelp();
    const registered = program.commands.map((command) => ({
      name: command.name(),
      term: help.subcommandTerm(command),
      summary: help.subcommandDescription(command),
    }));
    const table = COMMANDS.map(({ name, term, summary }) => ({ name, term, summary }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    // On a difference: copy the registered term and summary into packages/cli/src/command-table.ts.
    assert.deepEqual(table.sort(byName), registered.sort(byName));
  });
});
