/**
 * A token never reaches a file or a result. The commands of a pull-request job run as a workflow step
 * runs them (GITHUB_ACTIONS=true, the token in GITHUB_TOKEN and INPUT_TOKEN, the runtime token, a job
 * summary and GITHUB_OUTPUT file), against the GitHub double; then every file under the job's
 * directory, every stdout and every stderr is searched for the tokens. The one place a token may be
 * printed is the `::add-mask::` command on stderr of a command that sends it to GitHub. The same for
 * a release and a drift job, and for what they write on GitHub (release, assets, tag, issue).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { GitHubDouble } from "./support/github-double/server.js";
import { fromRoot } from "./support/paths.js";

const require = createRequire(import.meta.url);
const webhookExamples = require("@octokit/webhooks-examples") as {
  name: string;
  examples: Record<string, unknown>[];
}[];
const pullRequestOpened = webhookExamples
  .find((e) => e.name === "pull_request")
  ?.examples.find((e) => e.action === "opened") as {
  number: number;
  repository: { full_name: string };
  pull_request: { head: { sha: string; ref: string; repo: { full_name: string } } };
};
const REPO = pullRequestOpened.repository.full_name;
const PR = pullRequestOpened.number;
const TOKEN = "ghs_tokenLeakTest0123456789abcdefghijKLMN";
const RUNTIME_TOKEN = "runtime-token-eyJhbGciOiJSUzI1NiJ9.leak";
const CLI = fromRoot("packages/cli/bin/mlci.js");

interface Run {
  readonly args: readonly string[];
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function mlci(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { env, cwd }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      done({ args, code, stdout, stderr });
    });
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe("no token in anything a pull-request job writes", () => {
  let double: GitHubDouble;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const runs: Run[] = [];

  before(async () => {
    double = await GitHubDouble.start();
    double.addRepository(REPO);
    const head = pullRequestOpened.pull_request.head;
    double.openPullRequest(REPO, PR, { head: { sha: head.sha, ref: head.ref, repo: head.repo.full_name } });
    double.addActionsToken(TOKEN, { contents: "read", pull_requests: "write" });
    dir = await mkdtemp(join(tmpdir(), "mlci-token-leak-"));
    await writeFile(join(dir, "event.json"), JSON.stringify(pullRequestOpened));
    await writeFile(join(dir, "data.csv"), "id,amount\n1,2.5\n2,3.5\n");
    await writeFile(join(dir, "schema.yml"), "version: 1\ncolumns:\n  id: {type: integer}\n");
    await copyFile(fromRoot("test/fixtures/report/evaluation-worse.json"), join(dir, "evaluation.json"));
    // The training command records the environment it was given, and writes the model.
    await writeFile(
      join(dir, "train.mjs"),
      [
        'import { copyFileSync, writeFileSync } from "node:fs";',
        'writeFileSync("training-env.json", JSON.stringify(process.env));',
        "copyFileSync(process.env.FIXTURE_MODEL, process.env.MLCI_MODEL_PATH);",
      ].join("\n"),
    );
    await writeFile(
      join(dir, "mlci.yml"),
      "version: 1\nmodels:\n  churn:\n    path: model.onnx\n    task: binary\n    target: delayed\n    train:\n      command: node train.mjs\n",
    );
    env = {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: "true",
      CI: "true",
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_EVENT_PATH: join(dir, "event.json"),
      GITHUB_REPOSITORY: REPO,
      GITHUB_API_URL: double.apiUrl,
      GITHUB_RUN_ID: "4242",
      GITHUB_SHA: "",
      GITHUB_TOKEN: TOKEN,
      INPUT_TOKEN: TOKEN,
      // A workflow that copies the token into a variable of its own.
      DEPLOY_TOKEN: TOKEN,
      ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN,
      GITHUB_STEP_SUMMARY: join(dir, "step-summary.md"),
      GITHUB_OUTPUT: join(dir, "github-output.txt"),
      FIXTURE_MODEL: fromRoot("packages/model/test-data/tree_binary.onnx"),
    };
    await writeFile(env.GITHUB_OUTPUT as string, "");

    const run = async (args: string[]) => {
      const result = await mlci(args, env, dir);
      runs.push(result);
      return result;
    };
    assert.equal((await run(["validate", "data.csv", "--schema", "schema.yml", "--out", "validation.json"])).code, 0);
    // `mlci report > report.md`, as ml-pr.yml writes the report it uploads.
    const report = await run(["report", "--evaluation", "evaluation.json", "--validation", "validation.json"]);
    assert.equal(report.code, 0, report.stderr);
    await writeFile(join(dir, "report.md"), report.stdout);
    // An API error whose body echoes the token.
    double.fail({ operationId: "issues/create-comment", status: 422, message: `Validation Failed for token ${TOKEN}` });
    const refused = await run(["report", "--evaluation", "evaluation.json", "--post"]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /GitHub answered 422 .*Validation Failed for token \*\*\*/);
    const posted = await run(["report", "--evaluation", "evaluation.json", "--out", "posted.md", "--post"]);
    assert.equal(posted.code, 0, posted.stderr);
    const trained = await run(["train"]);
    assert.equal(trained.code, 0, trained.stderr);
  });
  after(async () => {
    await double.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("no file of the job holds a token", async () => {
    const files = await filesUnder(dir);
    for (const expected of ["report.md", "posted.md", "validation.json", "lineage.json", "training-env.json"]) {
      assert.ok(
        files.some((f) => f.endsWith(expected)),
        `${expected} was written`,
      );
    }
    for (const file of files) {
      const text = await readFile(file, "utf8");
      assert.ok(!text.includes(TOKEN), `${file} holds the GitHub token`);
      assert.ok(!text.includes(RUNTIME_TOKEN), `${file} holds the runtime token`);
    }
  });

  it("stdout never holds a token, not even in a mask command; stderr only in the mask of a command that posts", () => {
    for (const run of runs) {
      const what = run.args.join(" ");
      assert.ok(!run.stdout.includes(TOKEN) && !run.stdout.includes(RUNTIME_TOKEN), `stdout of ${what}`);
      const lines = run.stderr.split("\n").filter((l) => l.includes(TOKEN) || l.includes(RUNTIME_TOKEN));
      const posts = run.args.includes("--post");
      assert.deepEqual(lines, posts ? [`::add-mask::${TOKEN}`] : [], `stderr of ${what}`);
    }
  });

  it("the training command is given no token, under any variable name", async () => {
    const seen = JSON.parse(await readFile(join(dir, "training-env.json"), "utf8")) as Record<string, string>;
    for (const name of ["GITHUB_TOKEN", "INPUT_TOKEN", "DEPLOY_TOKEN", "ACTIONS_RUNTIME_TOKEN"]) {
      assert.equal(seen[name], undefined, name);
    }
    assert.equal(seen.GITHUB_REPOSITORY, REPO, "the rest of the environment is passed on");
  });
});

describe("no token in anything a release or drift job writes", () => {
  let double: GitHubDouble;
  let dir: string;
  const runs: Run[] = [];
  const COMMIT = "a".repeat(40);

  before(async () => {
    double = await GitHubDouble.start();
    double.addRepository(REPO);
    double.addActionsToken(TOKEN, { contents: "write", issues: "write" });
    dir = await mkdtemp(join(tmpdir(), "mlci-token-leak-release-"));
    const rows = (offset: number) =>
      `id,amount\n${Array.from({ length: 200 }, (_, i) => `${i},${offset + (i % 50)}`).join("\n")}\n`;
    await writeFile(join(dir, "reference.csv"), rows(0));
    await writeFile(join(dir, "current.csv"), rows(500));
    await copyFile(fromRoot("packages/model/test-data/tree_binary.onnx"), join(dir, "model.onnx"));
    await writeFile(join(dir, "mlci.yml"), "version: 1\nmodels:\n  churn:\n    path: model.onnx\n    task: binary\n");
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: "true",
      CI: "true",
      GITHUB_EVENT_NAME: "push",
      GITHUB_REPOSITORY: REPO,
      GITHUB_API_URL: double.apiUrl,
      GITHUB_RUN_ID: "4343",
      GITHUB_SHA: COMMIT,
      GITHUB_TOKEN: TOKEN,
      INPUT_TOKEN: TOKEN,
      ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN,
      GITHUB_STEP_SUMMARY: join(dir, "step-summary.md"),
      GITHUB_OUTPUT: join(dir, "github-output.txt"),
    };
    await writeFile(env.GITHUB_OUTPUT as string, "");
    const run = async (args: string[]) => {
      const result = await mlci(args, env, dir);
      runs.push(result);
      return result;
    };
    assert.equal((await run(["profile", "reference.csv", "--out", "reference.json"])).code, 0);
    assert.equal((await run(["profile", "current.csv", "--out", "current.json"])).code, 0);
    // An API error whose body echoes the token, then the release that goes through.
    double.fail({ operationId: "repos/create-release", status: 422, message: `Validation Failed for ${TOKEN}` });
    const refused = await run(["release", "--model", "churn", "--profile", "reference.json"]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /Validation Failed for \*\*\*/);
    const released = await run([
      "release",
      "--model",
      "churn",
      "--profile",
      "reference.json",
      "--output",
      "release.json",
    ]);
    assert.equal(released.code, 0, released.stderr);
    const drift = await run([
      "drift",
      "--reference",
      "reference.json",
      "--current",
      "current.json",
      "--out",
      "drift.json",
      "--open-issue",
      "--model-name",
      "churn",
    ]);
    assert.equal(drift.code, 1, drift.stderr);
    assert.match(drift.stdout, /drift issue: created #\d+/);
  });
  after(async () => {
    await double.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("no file of the job holds a token", async () => {
    const files = await filesUnder(dir);
    for (const expected of ["release.json", "drift.json", "github-output.txt", "reference.json"]) {
      assert.ok(
        files.some((f) => f.endsWith(expected)),
        `${expected} was written`,
      );
    }
    assert.match(await readFile(join(dir, "github-output.txt"), "utf8"), /tag<<|tag=/, "the release set its outputs");
    for (const file of files) {
      const text = await readFile(file, "utf8");
      assert.ok(!text.includes(TOKEN), `${file} holds the GitHub token`);
      assert.ok(!text.includes(RUNTIME_TOKEN), `${file} holds the runtime token`);
    }
  });

  it("what reaches GitHub (release, assets, tag, issue) holds no token", () => {
    const repo = double.repository(REPO);
    assert.equal(repo.releases.length, 1);
    assert.equal(repo.issues.length, 1);
    const texts = [
      ...repo.releases.map((r) => `${r.name} ${r.body}`),
      ...repo.issues.map((i) => `${i.title} ${i.body}`),
      ...repo.comments.map((c) => c.body),
      JSON.stringify(repo.refs),
      JSON.stringify(repo.tags),
    ];
    for (const text of texts) assert.ok(!text.includes(TOKEN) && !text.includes(RUNTIME_TOKEN), text.slice(0, 200));
    for (const asset of repo.assets) {
      assert.ok(!Buffer.from(asset.data ?? []).includes(TOKEN), asset.name);
    }
  });

  it("stdout never holds a token; stderr only in the mask of a command that talks to GitHub", () => {
    for (const run of runs) {
      const what = run.args.join(" ");
      assert.ok(!run.stdout.includes(TOKEN) && !run.stdout.includes(RUNTIME_TOKEN), `stdout of ${what}`);
      const lines = run.stderr.split("\n").filter((l) => l.includes(TOKEN) || l.includes(RUNTIME_TOKEN));
      const talksToGitHub = run.args[0] === "release" || run.args.includes("--open-issue");
      assert.deepEqual(lines, talksToGitHub ? [`::add-mask::${TOKEN}`] : [], `stderr of ${what}`);
    }
  });
});
