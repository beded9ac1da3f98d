import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Octokit } from "@octokit/rest";
import { GitHubDouble } from "./support/github-double/server.js";

const REPO = "octo-org/octo-repo";

describe("GitHub double", () => {
  let double: GitHubDouble;
  let octokit: Octokit;

  before(async () => {
    double = await GitHubDouble.start();
    double.addRepository(REPO);
    double.openPullRequest(REPO, 7);
    double.addUserToken("user-token", "mona");
    octokit = new Octokit({ auth: "user-token", baseUrl: double.apiUrl });
  });
  after(async () => {
    await double.close();
  });

  it("answers GET /user for a user token and 403 for an installation token", async () => {
    const { data } = await octokit.rest.users.getAuthenticated();
    assert.equal(data.login, "mona");
    double.addActionsToken("actions-token");
    const bot = new Octokit({ auth: "actions-token", baseUrl: double.apiUrl });
    await assert.rejects(bot.rest.users.getAuthenticated(), (e: { status?: number }) => e.status === 403);
    double.assertNoViolations();
  });

  it("creates, updates and paginates issue comments with Link headers", async () => {
    for (let i = 0; i < 249; i += 1) double.seedComment(REPO, 7, "someone", `comment ${i}`);
    const created = await octokit.rest.issues.createComment({
      owner: "octo-org",
      repo: "octo-repo",
      issue_number: 7,
      body: "mine",
    });
    assert.equal(created.status, 201);
    assert.equal(created.data.user?.login, "mona");
    assert.match(created.data.html_url, /\/octo-org\/octo-repo\/pull\/7#issuecomment-\d+$/);
    const before = double.requests.length;
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: "octo-org",
      repo: "octo-repo",
      issue_number: 7,
      per_page: 100,
    });
    assert.equal(all.length, 250);
    assert.equal(double.requests.length - before, 3, "three pages of 100, 100 and 50");
    assert.equal(all.at(-1)?.body, "mine");
    const updated = await octokit.rest.issues.updateComment({
      owner: "octo-org",
      repo: "octo-repo",
      comment_id: created.data.id,
      body: "edited",
    });
    assert.equal(updated.data.body, "edited");
    double.assertNoViolations();
  });

  it("refuses a comment body over 65,536 characters with 422, as GitHub does", async () => {
    await assert.rejects(
      octokit.rest.issues.createComment({
        owner: "octo-org",
        repo: "octo-repo",
        issue_number: 7,
        body: "x".repeat(65_537),
      }),
      (e: { status?: number; message?: string }) => e.status === 422 && /body is too long/.test(e.message ?? ""),
    );
    const fits = await octokit.rest.issues.createComment({
      owner: "octo-org",
      repo: "octo-repo",
      issue_number: 7,
      body: "x".repeat(65_536),
    });
    assert.equal(fits.status, 201);
    double.assertNoViolations();
  });

  it("records a violation for a request GitHub's description does not have", async () => {
    const probe = await GitHubDouble.start();
    probe.addRepository(REPO);
    probe.addUserToken("t", "mona");
    const client = new Octokit({ auth: "t", baseUrl: probe.apiUrl });
    await assert.rejects(
      client.request("GET /repos/{owner}/{repo}/no-such-thing", { owner: "octo-org", repo: "octo-repo" }),
    );
    assert.throws(() => probe.assertNoViolations(), /no operation of GitHub's REST description/);
    await probe.close();
  });

  it("records a violation for a body or query that breaks the operation's schema", async () => {
    const probe = await GitHubDouble.start();
    probe.addRepository(REPO);
    probe.openPullRequest(REPO, 1);
    probe.addUserToken("t", "mona");
    const client = new Octokit({ auth: "t", baseUrl: probe.apiUrl });
    await client
      .request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner: "octo-org",
        repo: "octo-repo",
        issue_number: 1,
        text: "body is called body, not text",
      } as never)
      .catch(() => undefined);
    await client.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: "octo-org",
      repo: "octo-repo",
      issue_number: 1,
      per_page: "lots",
      sort: "created",
    } as never);
    assert.equal(probe.violations.length, 3, probe.violations.join("\n"));
    assert.match(probe.violations[0] ?? "", /must have required property 'body'/);
    assert.match(probe.violations[1] ?? "", /per_page "lots": \(root\) must be integer/);
    assert.match(probe.violations[2] ?? "", /query parameter "sort" is not defined/);
    await probe.close();
  });

  it("creates a release, uploads an asset through upload_url and serves it back", async () => {
    const { data: rel } = await octokit.rest.repos.createRelease({
      owner: "octo-org",
      repo: "octo-repo",
      tag_name: "churn@v1.0.0",
      name: "churn v1.0.0",
      body: "card",
    });
    assert.ok(rel.upload_url.startsWith(`${new URL(double.apiUrl).origin}/uploads/`));
    const bytes = Buffer.from("model bytes");
    const { data: asset } = await octokit.rest.repos.uploadReleaseAsset({
      owner: "octo-org",
      repo: "octo-repo",
      release_id: rel.id,
      url: rel.upload_url,
      name: "model.onnx",
      // Octokit sends strings and buffers as they are; the type only names string.
      data: bytes as unknown as string,
      headers: { "content-type": "application/octet-stream" },
    });
    assert.equal(asset.size, bytes.length);
    const byTag = await octokit.rest.repos.getReleaseByTag({
      owner: "octo-org",
      repo: "octo-repo",
      tag: "churn@v1.0.0",
    });
    assert.deepEqual(
      byTag.data.assets.map((a) => a.name),
      ["model.onnx"],
    );
    const download = await octokit.rest.repos.getReleaseAsset({
      owner: "octo-org",
      repo: "octo-repo",
      asset_id: asset.id,
      headers: { accept: "application/octet-stream" },
    });
    assert.equal(Buffer.from(download.data as unknown as ArrayBuffer).toString(), "model bytes");
    const ref = await octokit.rest.git.getRef({ owner: "octo-org", repo: "octo-repo", ref: "tags/churn@v1.0.0" });
    assert.equal(ref.data.ref, "refs/tags/churn@v1.0.0");
    double.assertNoViolations();
  });

  it("creates, lists by label and closes issues", async () => {
    const { data: created } = await octokit.rest.issues.create({
      owner: "octo-org",
      repo: "octo-repo",
      title: "drift",
      body: "b",
      labels: ["mlci-drift"],
    });
    const open = await octokit.rest.issues.listForRepo({
      owner: "octo-org",
      repo: "octo-repo",
      labels: "mlci-drift",
      state: "open",
    });
    assert.deepEqual(
      open.data.map((i) => i.number),
      [created.number],
    );
    await octokit.rest.issues.update({
      owner: "octo-org",
      repo: "octo-repo",
      issue_number: created.number,
      state: "closed",
      state_reason: "completed",
    });
    const after = await octokit.rest.issues.listForRepo({
      owner: "octo-org",
      repo: "octo-repo",
      labels: "mlci-drift",
      state: "open",
    });
    assert.equal(after.data.length, 0);
    double.assertNoViolations();
  });

  it("injects faults once and then works again", async () => {
    double.fail({ operationId: "repos/get", status: 502 });
    await assert.rejects(
      octokit.rest.repos.get({ owner: "octo-org", repo: "octo-repo" }),
      (e: { status?: number }) => e.status === 502,
    );
    const { data } = await octokit.rest.repos.get({ owner: "octo-org", repo: "octo-repo" });
    assert.equal(data.full_name, REPO);
    double.assertNoViolations();
  });

  it("answers 403 naming the accepted permissions when the token lacks them", async () => {
    double.addActionsToken("read-only", { contents: "read", pull_requests: "read", issues: "read" });
    const bot = new Octokit({ auth: "read-only", baseUrl: double.apiUrl });
    await assert.rejects(
      bot.rest.issues.createComment({ owner: "octo-org", repo: "octo-repo", issue_number: 7, body: "x" }),
      (e: { status?: number; response?: { headers: Record<string, string> } }) =>
        e.status === 403 &&
        e.response?.headers["x-accepted-github-permissions"] === "issues=write; pull_requests=write",
    );
    double.assertNoViolations();
  });
});

describe("GitHub double pull requests", () => {
  it("serves GET /pulls/{n} shaped like GitHub's, with the head commit set up", async () => {
    const double = await GitHubDouble.start();
    try {
      double.addRepository(REPO);
      double.openPullRequest(REPO, 3, { head: { sha: "a".repeat(40), ref: "feature", repo: "forker/octo-repo" } });
      double.addActionsToken("t", { pull_requests: "read" });
      const client = new Octokit({ auth: "t", baseUrl: double.apiUrl });
      const { data } = await client.rest.pulls.get({ owner: "octo-org", repo: "octo-repo", pull_number: 3 });
      assert.equal(data.number, 3);
      assert.equal(data.head.sha, "a".repeat(40));
      assert.equal(data.head.repo?.full_name, "forker/octo-repo");
      double.assertNoViolations();
    } finally {
      await double.close();
    }
  });
});
