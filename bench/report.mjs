#!/usr/bin/env node
// bench: mlci report --post against the local GitHub double, process start to comment posted (< 1 s)
// Benchmark of `mlci report --post` (issue: PR reports): the report step's own overhead, from process
// start to the comment posted, against the GitHub double (test/support/github-double, a local HTTP
// server that checks every request against GitHub's OpenAPI description). In one run:
//   (a) `node -e ""`: the floor, a bare Node process;
//   (b) `mlci --version`: the CLI's start-up (loading its modules);
//   (c) `mlci report --post`, first run: renders and creates the comment (GET /user, list comments, POST);
//   (d) the same, next run: finds the comment among 300 others (4 pages) and updates it in place.
// Each is a fresh process, as in CI; median of RUNS runs. Target: (c) and (d) under 1 s.
// The double runs in this process, so children are spawned asynchronously (spawnSync would block it).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const TARGET_SECONDS = 1;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const mlci = join(root, "packages/cli/bin/mlci.js");
const evaluation = join(root, "test/fixtures/report/evaluation-worse.json");
const validation = join(root, "test/fixtures/report/validation-failed.json");
const { alternate, printTable, ratio, RUNS, saveResult, stats } = await import("./support/harness.mjs");
const { GitHubDouble } = await import(join(root, "test/dist/support/github-double/index.js"));

const REPO = "acme/models";
const PR = 12;
const TOKEN = "ghs_benchmarktoken";

// CPU time (user + system, from GNU time) moves much less than wall time on a shared, loaded machine.
const GNU_TIME = "/usr/bin/time";
const canMeasureCpu = existsSync(GNU_TIME);

function timed(args, env) {
  return new Promise((resolve) => {
    const [command, argv] = canMeasureCpu
      ? [GNU_TIME, ["-f", "mlci-bench-cpu %U %S", process.execPath, ...args]]
      : [process.execPath, args];
    const started = performance.now();
    const child = spawn(command, argv, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stdout.resume();
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (status) => {
      const cpu = /mlci-bench-cpu ([\d.]+) ([\d.]+)/.exec(stderr);
      resolve({
        seconds: (performance.now() - started) / 1000,
        cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined,
        status,
        stderr,
      });
    });
  });
}

/** A harness contender running `args` with `env`; a failed run fails the benchmark. */
function contender(name, args, env) {
  return {
    name,
    run: async (round) => {
      const run = await timed(typeof args === "function" ? args(round) : args, env);
      if (run.status !== 0) throw new Error(`${name} failed (exit ${run.status}):\n${run.stderr}`);
      return run;
    },
  };
}

const double = await GitHubDouble.start();
const dir = mkdtempSync(join(tmpdir(), "mlci-bench-report-"));
try {
  double.addRepository(REPO);
  double.openPullRequest(REPO, PR);
  double.addActionsToken(TOKEN, { contents: "read", pull_requests: "write" });
  for (let i = 0; i < 300; i++) double.seedComment(REPO, PR, i % 2 ? "reviewer" : "octocat", `comment ${i}`);
  const eventPath = join(dir, "event.json");
  writeFileSync(
    eventPath,
    JSON.stringify({ action: "synchronize", number: PR, pull_request: { number: PR, head: { sha: "0".repeat(40) } } }),
  );
  const env = {
    PATH: process.env.PATH,
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: REPO,
    GITHUB_API_URL: double.apiUrl,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: "1",
    GITHUB_TOKEN: TOKEN,
  };
  const post = ["report", "--evaluation", evaluation, "--validation", validation, "--post", "--forge", "github"];

  // Each "first run" posts for a new model name, so every run creates a comment.
  const createArgs = (round) => {
    const file = join(dir, `evaluation-${round}.json`);
    const value = JSON.parse(readFileSync(evaluation, "utf8"));
    writeFileSync(file, JSON.stringify({ ...value, name: `model-${round}` }));
    return [mlci, ...post.map((a) => (a === evaluation ? file : a))];
  };
  const names = {
    bare: '(a) node -e ""',
    version: "(b) mlci --version",
    create: "(c) mlci report --post, creates the comment",
    update: "(d) mlci report --post, updates it behind 300 comments",
  };
  // The update needs the comment the first create made: run one before the rounds.
  await contender("first comment", [mlci, ...post], env).run(0);
  const result = await alternate(
    [
      contender(names.bare, ["-e", ""], env),
      contender(names.version, [mlci, "--version"], env),
      contender(names.create, createArgs, env),
      contender(names.update, [mlci, ...post], env),
    ],
    RUNS,
  );
  double.assertNoViolations();
  const comments = double.repository(REPO).commentsOf(PR).length;
  printTable(result);
  console.log(`comments on the PR afterwards: ${comments} (300 others, ${RUNS} created, 1 updated in place)`);
  for (const name of [names.version, names.create, names.update]) {
    const r = ratio(result, name, names.bare);
    console.log(
      `${name}: ${r.value.toFixed(1)}x a bare node process (rounds ${r.min.toFixed(1)}x–${r.max.toFixed(1)}x)`,
    );
  }
  const worst = Math.max(stats(result.samples[names.create]).median, stats(result.samples[names.update]).median);
  console.log(
    `target: under ${TARGET_SECONDS} s from process start to comment posted: ${worst < TARGET_SECONDS ? "met" : "NOT met"} (${worst.toFixed(3)} s wall, median)`,
  );
  saveResult("report", result);
} finally {
  await double.close();
  rmSync(dir, { recursive: true, force: true });
}
