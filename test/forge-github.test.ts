import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ProblemError } from "@mlci/core/problem.js";
import { GitHubForge, type GitHubForgeOptions } from "@mlci/forge/github-forge.js";
import { commentMarker } from "@mlci/forge/marker.js";
import { GitHubDouble } from "./support/github-double/server.js";

const REPO = "octo-org/octo-repo";
const repository = { owner: "octo-org", repo: "octo-repo" };
const PR = 12;

describe("GitHubForge against the GitHub double", () => {
  let double: GitHubDouble;
  let warnings: string[];

  function forge(token: string, extra: Partial<GitHubForgeOptions> = {}): GitHubForge {
    return new GitHubForge({
      token,
      repository,
      apiUrl: double.apiUrl,
      retryAfterBaseMs: 5,
      spaceWrites: false,
      warn: (m) => warnings.push(m),
      ...extra,
    });
  }

  beforeEach(async () => {
    double = await GitHubDouble.start();
    double.addRepository(REPO);
    double.openPullRequest(REPO, PR);
    double.addActionsToken("ghs_actions");
    warnings = [];
  });
  afterEach(async () => {
    double.assertNoViolations();
    await double.close();
  });

  const comments = () => double.repository(REPO).commentsOf(PR);

  it("creates the sticky comment once, updates it in place, and keeps one per model", async () => {
    const f = forge("ghs_actions");
    const churn = commentMarker("report", "churn");
    const first = await f.upsertComment({ issue: PR, marker: churn, body: "v1" });
    const second = await f.upsertComment({ issue: PR, marker: churn, body: "v2" });
    assert.equal(first.action, "created");
    assert.equal(second.action, "updated");
    assert.equal(second.id, first.id);
    assert.match(first.url, /https:\/\/github\.com\/octo-org\/octo-repo\/pull\/12#issuecomment-\d+/);
    const other = await f.upsertComment({ issue: PR, marker: commentMarker("report", "fraud"), body: "fraud v1" });
    assert.equal(other.action, "created");
    assert.notEqual(other.id, first.id);
    assert.deepEqual(
      comments().map((c) => [c.user.login, c.body]),
      [
        ["github-actions[bot]", `${churn}\nv2`],
        ["github-actions[bot]", "<!-- mlci:report:fraud -->\nfraud v1"],
      ],
    );
  });

  it("never touches a comment by someone else that holds the marker", async () => {
    const marker = commentMarker("report", "churn");
    const foreign = double.seedComment(REPO, PR, "mallory", `${marker}\nI pasted your marker`);
    const result = await forge("ghs_actions").upsertComment({ issue: PR, marker, body: "report" });
    assert.equal(result.action, "created");
    assert.notEqual(result.id, foreign);
    assert.equal(comments().find((c) => c.id === foreign)?.body, `${marker}\nI pasted your marker`);
  });

  it("finds its comment among 250 by reading every page", async () => {
    const marker = commentMarker("report", "churn");
    for (let i = 0; i < 240; i += 1) double.seedComment(REPO, PR, `user${i % 7}`, `comment ${i}`);
    const ours = double.seedComment(REPO, PR, "github-actions[bot]", `${marker}\nold report`);
    for (let i = 0; i < 9; i += 1) double.seedComment(REPO, PR, "octocat", `later ${i}`);
    const result = await forge("ghs_actions").upsertComment({ issue: PR, marker, body: "new report" });
    assert.equal(result.action, "updated");
    assert.equal(result.id, ours);
    assert.equal(comments().length, 250);
    const pages = double.requests.filter((r) => r.operationId === "issues/list-comments");
    assert.deepEqual(
      pages.map((r) => new URL(r.path, "http://x").searchParams.get("page") ?? "1"),
      ["1", "2", "3"],
    );
  });

  it("learns its login from GET /user for a personal token", async () => {
    double.addUserToken("ghp_user", "mona");
    const marker = commentMarker("report", "churn");
    double.seedComment(REPO, PR, "github-actions[bot]", `${marker}\nwritten by the bot, not by mona`);
    const f = forge("ghp_user");
    assert.deepEqual(await f.identity(), { login: "mona", source: "api" });
    const result = await f.upsertComment({ issue: PR, marker, body: "mona's report" });
    assert.equal(result.action, "created");
  });

  it("falls back to github-actions[bot] when GET /user is refused to an installation token", async () => {
    assert.deepEqual(await forge("ghs_actions").identity(), { login: "github-actions[bot]", source: "fallback" });
    const getUser = double.requests.find((r) => r.operationId === "users/get-authenticated");
    assert.equal(getUser?.status, 403);
  });

  it("names the permissions: entry to add when the token may not comment", async () => {
    double.addActionsToken("ghs_readonly", { contents: "read", pull_requests: "read", issues: "read" });
    await assert.rejects(
      forge("ghs_readonly").upsertComment({ issue: PR, marker: commentMarker("report", "m"), body: "x" }),
      (error: unknown) => {
        assert.ok(error instanceof ProblemError);
        assert.match(error.problems[0]?.message ?? "", /Resource not accessible by integration \(HTTP 403\)/);
        assert.match(error.problems[0]?.fix ?? "", /permissions:\n\s+pull-requests: write/);
        return true;
      },
    );
    assert.equal(comments().length, 0);
  });

  it("retries a 502 and a secondary rate limit, then succeeds", async () => {
    double.fail({ operationId: "issues/create-comment", status: 502 });
    double.secondaryRateLimit("issues/list-comments", 1);
    double.tooManyRequests("users/get-authenticated", 1);
    double.addUserToken("ghp_user", "mona");
    const result = await forge("ghp_user").upsertComment({
      issue: PR,
      marker: commentMarker("report", "m"),
      body: "x",
    });
    assert.equal(result.action, "created");
    assert.equal(comments().length, 1);
    const statuses = double.requests.map((r) => `${r.operationId} ${r.status}`);
    assert.deepEqual(statuses, [
      "users/get-authenticated 429",
      "users/get-authenticated 200",
      "issues/list-comments 403",
      "issues/list-comments 200",
      "issues/create-comment 502",
      "issues/create-comment 201",
    ]);
    assert.ok(warnings.some((w) => /secondary rate limit/.test(w)));
  });

  it("reports an error that persists after the retries", async () => {
    double.fail({ operationId: "issues/create-comment", status: 502, times: 10 });
    await assert.rejects(
      forge("ghs_actions").upsertComment({ issue: PR, marker: commentMarker("report", "m"), body: "x" }),
      (error: unknown) => error instanceof ProblemError && /answered 502/.test(error.message),
    );
    assert.equal(double.requests.filter((r) => r.operationId === "issues/create-comment").length, 4, "1 + 3 retries");
  });

  it("opens, finds, comments on and closes an issue by label and marker", async () => {
    const f = forge("ghs_actions");
    const marker = commentMarker("drift", "churn");
    assert.equal(await f.findOpenIssue({ label: "mlci-drift", marker }), undefined);
    // A look-alike opened by a person: same label and marker, not ours.
    double.addUserToken("ghp_person", "someone");
    await forge("ghp_person").createIssue({ title: "copied", body: `${marker}\ncopied`, labels: ["mlci-drift"] });
    const created = await f.createIssue({ title: "Drift in churn", body: `${marker}\nbody`, labels: ["mlci-drift"] });
    const found = await f.findOpenIssue({ label: "mlci-drift", marker });
    assert.equal(found?.number, created.number);
    assert.equal(found?.author, "github-actions[bot]");
    await f.commentIssue({ issue: created.number, body: "still drifting" });
    const updated = await f.updateIssue({ issue: created.number, body: `${marker}\nnew body` });
    assert.equal(updated.body, `${marker}\nnew body`);
    const thread = await f.listIssueComments(created.number);
    assert.deepEqual(
      thread.map((c) => c.body),
      ["still drifting"],
    );
    await f.closeIssue({ issue: created.number, comment: "recovered" });
    assert.equal(await f.findOpenIssue({ label: "mlci-drift", marker }), undefined);
    const record = double.repository(REPO).issue(created.number);
    assert.equal(record?.state, "closed");
    assert.equal(record?.stateReason, "completed");
  });

  it("tells models apart whose names are prefixes or look-alikes of each other (sticky comment)", async () => {
    const f = forge("ghs_actions");
    const names = ["churn", "churn-eu", "churn--eu", "churn ", "churn-"];
    for (const name of names)
      await f.upsertComment({ issue: PR, marker: commentMarker("report", name), body: `${name} v1` });
    for (const name of names) {
      const again = await f.upsertComment({ issue: PR, marker: commentMarker("report", name), body: `${name} v2` });
      assert.equal(again.action, "updated", name);
    }
    assert.deepEqual(
      comments().map((c) => c.body.split("\n")[1]),
      names.map((name) => `${name} v2`),
    );
  });

  it("matches its marker on the first line only: a bot comment quoting it further down is left alone", async () => {
    const marker = commentMarker("report", "churn");
    const quoting = double.seedComment(REPO, PR, "github-actions[bot]", `Another bot's note\n\n> ${marker}\n${marker}`);
    const result = await forge("ghs_actions").upsertComment({ issue: PR, marker, body: "report" });
    assert.equal(result.action, "created");
    assert.notEqual(result.id, quoting);
    assert.equal(comments().find((c) => c.id === quoting)?.body, `Another bot's note\n\n> ${marker}\n${marker}`);
  });

  it("finds the drift issue of its own model only, not of a model whose name extends it", async () => {
    const f = forge("ghs_actions");
    const eu = await f.createIssue({
      title: "Drift: churn-eu",
      body: `${commentMarker("drift", "churn-eu")}\nbody`,
      labels: ["mlci-drift"],
    });
    await f.createIssue({
      title: "Drift: other",
      body: `Quoting ${commentMarker("drift", "churn")}\n${commentMarker("drift", "churn")}`,
      labels: ["mlci-drift"],
    });
    assert.equal(await f.findOpenIssue({ label: "mlci-drift", marker: commentMarker("drift", "churn") }), undefined);
    assert.equal(
      (await f.findOpenIssue({ label: "mlci-drift", marker: commentMarker("drift", "churn-eu") }))?.number,
      eu.number,
    );
    assert.equal(await f.findOpenIssue({ label: "mlci-drift", marker: commentMarker("drift", "churn-e") }), undefined);
  });

  it("speaks to a GitHub Enterprise-style API path (GITHUB_API_URL=https://HOST/api/v3)", async () => {
    const ghes = await GitHubDouble.start({ pathPrefix: "/api/v3" });
    try {
      ghes.addRepository(REPO);
      ghes.openPullRequest(REPO, PR);
      ghes.addActionsToken("t");
      assert.ok(ghes.apiUrl.endsWith("/api/v3"));
      const f = new GitHubForge({
        token: "t",
        repository,
        apiUrl: ghes.apiUrl,
        spaceWrites: false,
        retryAfterBaseMs: 5,
      });
      const result = await f.upsertComment({ issue: PR, marker: commentMarker("report", "m"), body: "x" });
      assert.equal(result.action, "created");
      ghes.assertNoViolations();
    } finally {
      await ghes.close();
    }
  });
});
