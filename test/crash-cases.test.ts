/**
 * Inputs that used to crash a command or leave work half done now end in exit 2 with one message:
 * a YAML alias bomb in mlci.yml or a contract, a GITHUB_OUTPUT or job summary file the step cannot
 * write (checked before anything is posted or published), and a GitHub API that cannot be reached
 * (the message names the URL; the retries are bounded).
 */

import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { runCli } from "@mlci/cli/program.js";
import { GitHubForge } from "@mlci/forge/github-forge.js";
import { openerWith } from "./support/forge-opener.js";
import { GitHubDouble } from "./support/github-double/server.js";
import { runCliCaptured } from "./support/in-process-cli.js";
import { fromRoot } from "./support/paths.js";
import { scratchDir } from "./support/scratch.js";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const CLI = fromRoot("packages/cli/bin/mlci.js");

function mlci(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { env, cwd }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

function inProcess(args: readonly string[], opener?: Parameters<typeof runCli>[2]): Promise<Run> {
  return runCliCaptured(args, opener);
}

/** Exit 2 and exactly one message, no stack trace. */
function assertOneProblem(run: Run, pattern: RegExp): void {
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stderr.match(/^mlci: /gm)?.length, 1, run.stderr);
  assert.match(run.stderr, pattern);
  assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
}

const dir = scratchDir("mlci-crash-cases-");
const bomb = (() => {
  const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < 10; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(", ")}]`,
    );
  return `${lines.join("\n")}\n`;
})();

describe("a YAML alias bomb", () => {
  before(() => {
    writeFileSync(join(dir, "data.csv"), "id\n1\n");
    writeFileSync(join(dir, "schema.yml"), "columns:\n  id: {type: integer}\n");
    writeFileSync(join(dir, "bomb-contract.yml"), `${bomb}columns: *a9\n`);
    writeFileSync(join(dir, "bomb-mlci.yml"), `version: 1\n${bomb}`);
  });

  it("in a contract is exit 2 at its first alias", async () => {
    const run = await inProcess(["validate", join(dir, "data.csv"), "--schema", join(dir, "bomb-contract.yml")]);
    assertOneProblem(run, /bomb-contract\.yml:2:10: YAML aliases expand too far/);
  });

  it("in mlci.yml is exit 2 at its first alias", async () => {
    const run = await inProcess([
      "validate",
      join(dir, "data.csv"),
      "--schema",
      join(dir, "schema.yml"),
      "--config",
      join(dir, "bomb-mlci.yml"),
    ]);
    assertOneProblem(run, /bomb-mlci\.yml:3:10: YAML aliases expand too far/);
  });
});

describe("data wider than mlci reads", () => {
  // A 10,000-column CSV once exhausted DuckDB's memory limit; the refusal comes before any query over
  // the columns, so one column over the limit (and one row) proves it without the cost of 10,000.
  it("a CSV one column wider than the limit is refused up front with the limit, not an out-of-memory error", async () => {
    const columns = Array.from({ length: 2001 }, (_, i) => `c${i}`);
    const wide = join(dir, "wide.csv");
    writeFileSync(wide, `${columns.join(",")}\n${columns.map(() => "1").join(",")}\n`);
    for (const args of [
      ["profile", wide],
      ["schema", "infer", wide],
      ["validate", wide, "--schema", join(dir, "schema.yml")],
    ]) {
      const run = await inProcess(args);
      assertOneProblem(run, /wide\.csv: has 2001 columns; mlci reads at most 2000/);
      assert.doesNotMatch(run.stderr, /Out of Memory|valid CSV/);
    }
  });

  it("schema infer drafts a contract for 2,000 columns, the limit, within the memory limit", async () => {
    // Every third column text, the rest small integers; five rows.
    const header = Array.from({ length: 2000 }, (_, i) => `c${i}`);
    const row = (r: number) => header.map((_, i) => (i % 3 === 0 ? "abc"[(r + i) % 3] : String((r * 7 + i) % 10)));
    const wide = join(dir, "wide-2000.csv");
    writeFileSync(wide, `${[header, ...[0, 1, 2, 3, 4].map(row)].map((cells) => cells.join(",")).join("\n")}\n`);
    const run = await inProcess(["schema", "infer", wide]);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /Out of Memory/);
    assert.match(run.stdout, /wide-2000\.csv \(5 rows, 2000 columns\)/);
    assert.equal(run.stdout.match(/^ {2}c\d+:$/gm)?.length, 2000);
    assert.match(run.stdout, /^ {2}c0:\n {4}type: string /m);
    assert.match(run.stdout, /^ {2}c1999:\n {4}type: integer .*\n.*\n {4}min: \d # observed minimum\n {4}max: \d /m);
  });
});

describe("runner files that cannot be written are found before anything is posted or published", () => {
  const TOKEN = "ghs_crashCasesToken0123456789abcdefghij";
  const REPO = "octo-org/models";
  let double: GitHubDouble;
  let env: NodeJS.ProcessEnv;
  let project: string;

  before(async () => {
    double = await GitHubDouble.start();
    double.addRepository(REPO);
    double.openPullRequest(REPO, 7, { head: { sha: "a".repeat(40), ref: "feature", repo: REPO } });
    double.addActionsToken(TOKEN, { contents: "read", pull_requests: "write" });
    project = join(dir, "project");
    mkdirSync(project);
    copyFileSync(fromRoot("test/fixtures/report/evaluation-worse.json"), join(project, "evaluation.json"));
    copyFileSync(fromRoot("packages/model/test-data/tree_binary.onnx"), join(project, "model.onnx"));
    writeFileSync(join(project, "mlci.yml"), "version: 1\nmodels:\n  m:\n    path: model.onnx\n    task: binary\n");
    const git = (...args: string[]) => execFileSync("git", args, { cwd: project });
    git("init", "-q");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "init");
    env = {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: "true",
      GITHUB_REPOSITORY: REPO,
      GITHUB_API_URL: double.apiUrl,
      GITHUB_TOKEN: TOKEN,
      GITHUB_SHA: "",
    };
  });
  after(async () => {
    await double.close();
  });

  it("the report action with a missing GITHUB_OUTPUT posts nothing", async () => {
    const run = await mlci(
      ["action", "report"],
      {
        ...env,
        GITHUB_OUTPUT: join(project, "no-such-dir", "output.txt"),
        INPUT_EVALUATION: "evaluation.json",
        INPUT_POST: "true",
        INPUT_ARGS: "--pr\n7",
      },
      project,
    );
    assertOneProblem(
      run,
      /GITHUB_OUTPUT names .*output\.txt, which is in a directory that does not exist; nothing was posted or written/,
    );
    assert.equal(double.repository(REPO).commentsOf(7).length, 0);
  });

  it("mlci report --post with a job summary that is a directory posts nothing", async () => {
    const run = await mlci(
      ["report", "--evaluation", "evaluation.json", "--post", "--pr", "7"],
      { ...env, GITHUB_STEP_SUMMARY: project },
      project,
    );
    assertOneProblem(run, /GITHUB_STEP_SUMMARY names .*, which is not a regular file/);
    assert.equal(double.repository(REPO).commentsOf(7).length, 0);
  });

  it("mlci release with a missing GITHUB_OUTPUT makes no tag", async () => {
    const run = await mlci(
      ["release", "--model", "m", "--version", "1.0.0", "--forge", "local"],
      { ...env, GITHUB_ACTIONS: "", GITHUB_OUTPUT: join(project, "gone", "output.txt") },
      project,
    );
    assertOneProblem(run, /GITHUB_OUTPUT names .*output\.txt, which is in a directory that does not exist/);
    assert.equal(execFileSync("git", ["tag"], { cwd: project, encoding: "utf8" }), "");
  });
});

describe("an unreachable GitHub API", () => {
  let closedPort: number;
  let unreachable: GitHubForge;
  before(async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    closedPort = (server.address() as { port: number }).port;
    await new Promise<void>((done) => server.close(() => done()));
    // The real forge, with the retry waits shortened (the retries themselves are the ones in use).
    unreachable = new GitHubForge({
      token: "ghs_unreachableToken0123456789abcdefgh",
      repository: { owner: "o", repo: "r" },
      apiUrl: `http://127.0.0.1:${closedPort}`,
      retryAfterBaseMs: 1,
      spaceWrites: false,
    });
    writeFileSync(join(dir, "registry.yml"), "version: 1\nmodels:\n  m:\n    path: model.onnx\n    task: binary\n");
    copyFileSync(fromRoot("packages/model/test-data/tree_binary.onnx"), join(dir, "model.onnx"));
    execFileSync("git", ["init", "-q"], { cwd: dir });
    execFileSync(
      "git",
      ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "x"],
      {
        cwd: dir,
      },
    );
  });

  for (const args of [
    ["models", "list"],
    ["release", "--model", "m", "--version", "1.0.0"],
  ]) {
    it(`mlci ${args.join(" ")}: exit 2 naming the URL, after a bounded number of tries`, async () => {
      const run = await inProcess(
        [...args, "--forge", "github", "--config", join(dir, "registry.yml")],
        openerWith(unreachable),
      );
      assertOneProblem(
        run,
        new RegExp(`cannot reach GitHub at http://127\\.0\\.0\\.1:${closedPort} to .*ECONNREFUSED`),
      );
      assert.doesNotMatch(run.stderr, /answered 500|degraded|warning/);
    });
  }

  // The binary with the retry waits GitHub users get: a request that reached no server is tried
  // twice, one second apart, not four times over 14 s of plugin-retry's 1 + 4 + 9 s backoff.
  for (const args of [
    ["models", "list"],
    ["release", "--model", "m", "--version", "1.0.0"],
  ]) {
    it(`mlci ${args.join(" ")} with the real retry waits fails fast`, async () => {
      const started = process.hrtime.bigint();
      const run = await mlci(
        [...args, "--forge", "github", "--config", join(dir, "registry.yml")],
        {
          ...process.env,
          GITHUB_ACTIONS: "",
          GITHUB_OUTPUT: "",
          GITHUB_TOKEN: "ghs_unreachableToken0123456789abcdefgh",
          GITHUB_REPOSITORY: "o/r",
          GITHUB_API_URL: `http://127.0.0.1:${closedPort}`,
        },
        dir,
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      assertOneProblem(run, new RegExp(`cannot reach GitHub at http://127\\.0\\.0\\.1:${closedPort} to `));
      assert.match(
        run.stderr,
        /fix: check the network, and that GITHUB_API_URL \(http:\/\/127\.0\.0\.1:\d+\) is GitHub's API/,
      );
      // A generous bound for a loaded machine (the old 14 s of waits alone exceed it).
      assert.ok(seconds < 10, `took ${seconds.toFixed(1)} s`);
    });
  }
});
