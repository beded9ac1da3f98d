/**
 * `mlci report --post` run exactly as a workflow step runs it: a separate process, the environment
 * GitHub Actions sets (GITHUB_EVENT_PATH with a real pull_request payload from @octokit/webhooks-examples,
 * GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_TOKEN, GITHUB_STEP_SUMMARY...), against the GitHub double.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { GitHubDouble } from "./support/github-double/server.js";
import { fromRoot } from "./support/paths.js";

const require = createRequire(import.meta.url);

interface WebhookExample {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}
const webhookExamples = require("@octokit/webhooks-examples") as WebhookExample[];

function example(event: string, action: string): Record<string, unknown> {
  const found = webhookExamples.find((e) => e.name === event)?.examples.find((e) => e.action === action);
  if (!found) throw new Error(`no ${event}.${action} example`);
  return structuredClone(found);
}

const pullRequestOpened = example("pull_request", "opened") as {
  number: number;
  repository: { full_name: string };
  pull_request: { head: { sha: string; ref: string; repo: { full_name: string } }; base: { sha: string } };
};
const REPO = pullRequestOpened.repository.full_name;
const PR = pullRequestOpened.number;
const HEAD = pullRequestOpened.pull_request.head;
const BASE_SHA = pullRequestOpened.pull_request.base.sha;
const TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
const CLI = fromRoot("packages/cli/bin/mlci.js");
const EVALUATION = fromRoot("test/fixtures/report/evaluation-worse.json");
const VALIDATION = fromRoot("test/fixtures/report/validation-failed.json");

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, cwd }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe("mlci report --post in a workflow", () => {
  let double: GitHubDouble;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    double = await GitHubDouble.start();
    double.addRepository(REPO);
    double.openPullRequest(REPO, PR, { head: { sha: HEAD.sha, ref: HEAD.ref, repo: HEAD.repo.full_name } });
    double.addActionsToken(TOKEN, { contents: "read", pull_requests: "write" });
    dir = await mkdtemp(join(tmpdir(), "mlci-report-cli-"));
    const eventPath = join(dir, "event.json");
    await writeFile(eventPath, JSON.stringify(pullRequestOpened));
    env = {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: "true",
      CI: "true",
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: REPO,
      GITHUB_API_URL: double.apiUrl,
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_RUN_ID: "4242",
      GITHUB_TOKEN: TOKEN,
      GITHUB_STEP_SUMMARY: join(dir, "step-summary.md"),
    };
  });
  afterEach(async () => {
    double.assertNoViolations();
    await double.close();
    await rm(dir, { recursive: true, force: true });
  });

  const comments = () => double.repository(REPO).commentsOf(PR);

  /** The token appears once, in the mask command on stderr; never on stdout, which carries results. */
  function assertTokenOnlyMasked(run: Run): void {
    assert.ok(!run.stdout.includes(TOKEN), run.stdout);
    const lines = run.stderr.split("\n").filter((l) => l.includes(TOKEN));
    assert.deepEqual(lines, [`::add-mask::${TOKEN}`]);
  }

  it("creates one comment, updates it on the next run, and adds a second for another model", async () => {
    const first = await runCli(["report", "--evaluation", EVALUATION, "--validation", VALIDATION, "--post"], env, dir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      new RegExp(`report comment created on #${PR}: https://github.com/${REPO}/pull/${PR}#issuecomment-\\d+`),
    );
    assertTokenOnlyMasked(first);
    assert.equal(comments().length, 1);
    const created = comments()[0];
    assert.equal(created?.user.login, "github-actions[bot]");
    assert.ok(created?.body.startsWith("<!-- mlci:report:churn -->\n### ❌ `churn`: 1 of 3 gates failed"));
    assert.match(
      created?.body ?? "",
      /\[workflow run\]\(https:\/\/github\.com\/Codertocat\/Hello-World\/actions\/runs\/4242\)/,
    );

    const second = await runCli(["report", "--evaluation", EVALUATION, "--post"], env, dir);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /report comment updated/);
    assert.equal(comments().length, 1);
    assert.equal(comments()[0]?.id, created?.id);
    assert.doesNotMatch(comments()[0]?.body ?? "", /Data validation/, "the body is the second run's");

    const other = JSON.parse(await readFile(EVALUATION, "utf8"));
    other.name = "fraud";
    const otherFile = join(dir, "fraud.json");
    await writeFile(otherFile, JSON.stringify(other));
    const third = await runCli(["report", "--evaluation", otherFile, "--post"], env, dir);
    assert.equal(third.code, 0, third.stderr);
    assert.deepEqual(
      comments().map((c) => c.body.split("\n")[0]),
      ["<!-- mlci:report:churn -->", "<!-- mlci:report:fraud -->"],
    );
    const summary = await readFile(join(dir, "step-summary.md"), "utf8");
    assert.equal(
      summary.match(/^### ❌ `(churn|fraud)`/gm)?.length,
      3,
      "each run appended its report to the job summary",
    );
  });

  it("leaves a foreign comment that holds the marker alone", async () => {
    const foreign = double.seedComment(REPO, PR, "Codertocat", "<!-- mlci:report:churn -->\nquoting the bot");
    const run = await runCli(["report", "--evaluation", EVALUATION, "--post"], env, dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(comments().length, 2);
    assert.equal(comments().find((c) => c.id === foreign)?.body, "<!-- mlci:report:churn -->\nquoting the bot");
    const again = await runCli(["report", "--evaluation", EVALUATION, "--post"], env, dir);
    assert.match(again.stdout, /updated/);
    assert.equal(comments().length, 2);
  });

  it("finds its comment behind 250 others by paginating", async () => {
    const first = await runCli(["report", "--evaluation", EVALUATION, "--post"], env, dir);
    assert.equal(first.code, 0, first.stderr);
    for (let i = 0; i < 250; i += 1) double.seedComment(REPO, PR, i % 2 ? "Codertocat" : "reviewer", `comment ${i}`);
    const second = await runCli(["report", "--evaluation", EVALUATION, "--post"], env, dir);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /updated/);
    assert.equal(comments().length, 251);
    const pages = double.requests.filter((r) => r.operationId === "issues/list-comments").slice(1);
    assert.equal(pages.length, 3, "251 comments at 100 a page");
  });

  it("cuts a 200 kB report to fit a comment and keeps it whole in the job summary", async () => {
    const big = JSON.parse(await readFile(EVALUATION, "utf8"));
    big.slices = Array.from({ length: 2500 }, (_, i) => ({
      column: "customer_segment",
      segment: `segment-${i}`,
      rows: 100 + i,
      head: { roc_auc: 0.8 + (i % 100) / 1000, f1: 0.6 },
      deltas: { roc_auc: { delta: 0.001, ci_low: -0.01, ci_high: 0.012, significant: false, verdict: "same" } },
      regressed: false,
    }));
    const file = join(dir, "big.json");
    await writeFile(file, JSON.stringify(big));
    const run = await runCli(["report", "--evaluation", file, "--post"], env, dir);
    assert.equal(run.code, 0, run.stderr);
    const body = comments()[0]?.body ?? "";
    assert.ok(body.length < 65_536, `comment is ${body.length} characters`);
    assert.match(body, /left out the per-slice tables/);
    const summary = await readFile(join(dir, "step-summary.md"), "utf8");
    assert.ok(summary.length > 200_000, `summary is ${summary.length} characters`);
    assert.match(summary, /segment-2499/);
  });

  it("prints the permissions: fix when the token may not write to pull requests", async () => {
    double.addActionsToken("ghs_readonly", { contents: "read", pull_requests: "read", issues: "read" });
    const run = await runCli(
      ["report", "--evaluation", EVALUATION, "--post"],
      { ...env, GITHUB_TOKEN: "ghs_readonly" },
      dir,
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /GitHub refused to comment on #2: Resource not accessible by integration \(HTTP 403\)/);
    assert.match(run.stderr, /permissions:\n\s+pull-requests: write/);
    // Only the mask command on stderr names the token.
    assert.doesNotMatch(run.stderr.replace("::add-mask::ghs_readonly\n", ""), /ghs_readonly/);
    assert.doesNotMatch(run.stdout, /ghs_readonly/);
    assert.equal(comments().length, 0);
  });

  it("retries a 502 and a 429 with retry-after, then posts", async () => {
    double.fail({ operationId: "issues/create-comment", status: 502 });
    double.tooManyRequests("issues/list-comments", 1);
    const run = await runCli(["report", "--evaluation", EVALUATION, "--post"], env, dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(comments().length, 1);
    assert.deepEqual(
      double.requests.filter((r) => r.operationId !== "users/get-authenticated").map((r) => r.status),
      [429, 200, 502, 201],
    );
  });

  it("posts from workflow_run only for the pull request whose head the triggering run built", async () => {
    // The pull_request run saves pr.json into its results artifact...
    const saved = await runCli(
      ["report", "--evaluation", EVALUATION, "--out", "results/report.md", "--save-pr", "results/pr.json"],
      env,
      dir,
    );
    assert.equal(saved.code, 0, saved.stderr);
    assert.match(saved.stdout, /^wrote results\/report\.md$/m, "says where the report went");
    const prFile = join(dir, "results", "pr.json");
    assert.deepEqual(JSON.parse(await readFile(prFile, "utf8")), {
      schema: "mlci/pr@1",
      number: PR,
      head_sha: HEAD.sha,
      base_sha: BASE_SHA,
    });
    // ...and the workflow_run run posts it, checking the head commit against GitHub's.
    const workflowRun = example("workflow_run", "completed") as {
      workflow_run: { head_sha: string; pull_requests: unknown[] };
    };
    workflowRun.workflow_run.head_sha = HEAD.sha;
    workflowRun.workflow_run.pull_requests = []; // as for a pull request from a fork
    const runEvent = join(dir, "workflow-run.json");
    await writeFile(runEvent, JSON.stringify(workflowRun));
    const runEnv = { ...env, GITHUB_EVENT_NAME: "workflow_run", GITHUB_EVENT_PATH: runEvent };
    // The downloaded artifact is a results directory: evaluation.json, validation.json, pr.json.
    await copyFile(EVALUATION, join(dir, "results", "evaluation.json"));
    await copyFile(VALIDATION, join(dir, "results", "validation.json"));
    const posted = await runCli(["report", "--results", "results", "--post"], runEnv, dir);
    assert.equal(posted.code, 0, posted.stderr);
    assert.equal(comments().length, 1);
    assert.match(comments()[0]?.body ?? "", /#### Data validation/, "validation.json was picked up from the directory");
    assert.ok(
      comments()[0]?.body.includes(`head \`${HEAD.sha.slice(0, 7)}\``),
      "the footer names the head commit the run built",
    );
    assert.ok(
      comments()[0]?.body.includes(`base \`${BASE_SHA.slice(0, 7)}\``),
      "and the base commit, which only pr.json carries into the workflow_run",
    );
    assert.match(comments()[0]?.body ?? "", /\[workflow run\]\(https:\/\/github\.com\/.*\/actions\/runs\/\d+\)/);

    // A base that is not a commit hash is refused: the artifact comes from the fork.
    await writeFile(
      prFile,
      JSON.stringify({ schema: "mlci/pr@1", number: PR, head_sha: HEAD.sha, base_sha: "`@admin` x" }),
    );
    const forged = await runCli(["report", "--evaluation", EVALUATION, "--pr-file", prFile, "--post"], runEnv, dir);
    assert.equal(forged.code, 2);
    assert.match(forged.stderr, /not a valid pr\.json \(mlci\/pr@1: number, head_sha, base_sha\)/);

    // An artifact that names another pull request (or another commit) is refused.
    double.openPullRequest(REPO, 99, { head: { sha: "b".repeat(40), ref: "other", repo: REPO } });
    await writeFile(prFile, JSON.stringify({ schema: "mlci/pr@1", number: 99, head_sha: HEAD.sha }));
    const steered = await runCli(["report", "--evaluation", EVALUATION, "--pr-file", prFile, "--post"], runEnv, dir);
    assert.equal(steered.code, 2);
    assert.match(steered.stderr, /refusing to post: pull request #99 is at b{40}/);
    assert.equal(double.repository(REPO).commentsOf(99).length, 0);
  });

  it("posts to the local forge off GitHub", async () => {
    const local = { PATH: process.env.PATH };
    const run = await runCli(["report", "--evaluation", EVALUATION, "--post", "--pr", "5"], local, dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /report comment created on #5: .*\.mlci\/forge\/issues\/5\.md#comment-1/);
    const again = await runCli(["report", "--evaluation", EVALUATION, "--post", "--pr", "5"], local, dir);
    assert.match(again.stdout, /updated/);
    const thread = JSON.parse(await readFile(join(dir, ".mlci", "forge", "issues", "5.json"), "utf8"));
    assert.equal(thread.comments.length, 1);
    assert.equal(double.requests.length, 0);
  });

  it("takes the forge, its directory and the history from mlci.yml's report: section", async () => {
    await copyFile(fromRoot("test/fixtures/report/history.json"), join(dir, "history.json"));
    await writeFile(
      join(dir, "mlci.yml"),
      "version: 1\nreport:\n  forge: local\n  forge_dir: out/forge\n  history: history.json\n",
    );
    const run = await runCli(
      ["report", "--evaluation", EVALUATION, "--post", "--pr", "3"],
      { PATH: process.env.PATH },
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    const thread = JSON.parse(await readFile(join(dir, "out", "forge", "issues", "3.json"), "utf8"));
    assert.match(thread.comments[0].body, /```mermaid\n%%\{init[^\n]*\nxychart-beta/);
  });
});
