import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { permissionFromHeader, translateGitHubError } from "./github-errors.js";

describe("GitHub error translation", () => {
  it("reads the first accepted permission as a workflow permissions: entry", () => {
    assert.equal(permissionFromHeader("issues=write; pull_requests=write"), "issues: write");
    assert.equal(permissionFromHeader("pull_requests=write"), "pull-requests: write");
    assert.equal(permissionFromHeader("contents=read,metadata=read"), "contents: read");
    assert.equal(permissionFromHeader(undefined), undefined);
  });

  it("redacts the token from an error body that echoes it, whatever the status", () => {
    const token = "ghp_echoedBackByTheServer0123456789abcd";
    for (const status of [401, 403, 422, 500, undefined]) {
      const error = translateGitHubError(
        { status, message: `failed with ${token}`, response: { data: { message: `token ${token} rejected` } } },
        { action: "comment on #1" },
        "https://api.github.com",
        [token],
      );
      assert.ok(!error.problems.some((p) => p.message.includes(token)), error.message);
      assert.ok(!error.message.includes(token), error.message);
    }
  });

  it("names the permission from the header when the caller did not", () => {
    const error = translateGitHubError(
      {
        status: 403,
        message: "x",
        response: {
          headers: { "x-accepted-github-permissions": "contents=write" },
          data: { message: "Resource not accessible by integration" },
        },
      },
      { action: "create the release" },
      "https://api.github.com",
    );
    assert.equal(error.problems[0]?.kind, "config");
    assert.match(
      error.problems[0]?.message ?? "",
      /create the release: Resource not accessible by integration \(HTTP 403\)/,
    );
    assert.match(error.problems[0]?.fix ?? "", /contents: write/);
  });

  it("explains bad credentials and unreachable hosts", () => {
    assert.match(
      translateGitHubError({ status: 401, message: "Bad credentials" }, { action: "a" }, "u").problems[0]?.fix ?? "",
      /GITHUB_TOKEN/,
    );
    const offline = translateGitHubError(new Error("fetch failed"), { action: "a" }, "https://ghe.example/api/v3");
    assert.match(offline.problems[0]?.message ?? "", /cannot reach GitHub at https:\/\/ghe\.example\/api\/v3/);
  });
});
