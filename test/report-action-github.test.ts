// actions/report/action.yml posting to GitHub, run the way the runner runs it (the composite runner,
// which blocks its thread while a step runs), against the GitHub double served from a worker thread.

import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runCompositeAction } from "./support/composite-runner.js";
import { GitHubDoubleWorker } from "./support/github-double/worker.js";
import { releasedAction } from "./support/released-action.js";
import { scratchDir } from "./support/scratch.js";

const require = createRequire(import.meta.url);
const examples = require("@octokit/webhooks-examples") as { name: string; examples: Record<string, unknown>[] }[];
const opened = examples.find((e) => e.name === "pull_request")?.examples.find((e) => e.action === "opened") as {
  number: number;
  repository: { full_name: string };
};
const REPO = opened.repository.full_name;
const TOKEN = "ghs_reportactiontoken";

let double: GitHubDoubleWorker;
before(async () => {
  double = await GitHubDoubleWorker.start();
  await double.call("addRepository", REPO);
  await double.call("openPullRequest", REPO, opened.number);
  await double.call("addActionsToken", TOKEN, { contents: "read", pull_requests: "write" });
});
after(async () => {
  await double.close();
});

function workspace(): string {
  const directory = scratchDir("mlci-report-action-gh-");
  mkdirSync(join(directory, "results"));
  copyFileSync("test/fixtures/report/evaluation-worse.json", join(directory, "results", "evaluation.json"));
  writeFileSync(join(directory, "event.json"), JSON.stringify(opened));
  return directory;
}

function post(directory: string) {
  return runCompositeAction({
    // A released ref: the step runs the bundle (test/support/released-action).
    action: releasedAction("actions/report/action.yml").action,
    workspace: directory,
    with: { results: "results", post: "true" },
    github: { token: TOKEN },
    env: {
      PATH: process.env.PATH ?? "",
      ...releasedAction("actions/report/action.yml").env,
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_EVENT_PATH: join(directory, "event.json"),
      GITHUB_REPOSITORY: REPO,
      GITHUB_API_URL: double.apiUrl,
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_RUN_ID: "7",
    },
    uses: {
      "actions/setup-node": () => ({ "node-version": process.version }),
      "actions/cache": () => ({ "cache-hit": "true" }),
    },
  });
}

test("the report action creates the PR comment, then updates it, with the token masked", async () => {
  const directory = workspace();
  const first = post(directory);
  assert.equal(first.succeeded, true, first.steps.map((s) => s.stderr).join("\n"));
  const report = first.steps.at(-1);
  assert.match(report?.stdout ?? "", new RegExp(`report comment created on #${opened.number}`));
  // Masked by the command that posts, on stderr: stdout carries results and never holds the token.
  assert.ok((report?.stderr ?? "").split("\n").includes(`::add-mask::${TOKEN}`), report?.stderr);
  assert.ok(!(report?.stdout ?? "").includes(TOKEN), report?.stdout);
  assert.match(first.summary, /^### ❌ `churn`/m);
  const second = post(directory);
  assert.match(second.steps.at(-1)?.stdout ?? "", /report comment updated/);
  const repo = await double.call<{ comments: { user: { login: string }; body: string }[] }>("repository", REPO);
  assert.equal(repo.comments.length, 1);
  assert.equal(repo.comments[0]?.user.login, "github-actions[bot]");
  await double.call("assertNoViolations");
});
