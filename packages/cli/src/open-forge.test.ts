import assert from "node:assert/strict";
import { test } from "node:test";
import { ProblemError } from "@mlci/core";
import { LocalForge } from "@mlci/forge";
import { readGitHubEnvironment } from "./github-env.js";
import { openForge } from "./open-forge.js";

const purpose = { action: "open the drift issue", permission: "issues: write" };

test("outside Actions the local forge is the default", () => {
  const github = readGitHubEnvironment({});
  assert.ok(openForge({}, github, undefined, purpose) instanceof LocalForge);
});

test("GitHub without a token or repository says what to set, in the command's terms", () => {
  const github = readGitHubEnvironment({ GITHUB_ACTIONS: "true" });
  assert.throws(
    () => openForge({}, github, undefined, purpose),
    (e: unknown) =>
      e instanceof ProblemError && /open the drift issue/.test(e.message) && /issues: write/.test(e.message),
  );
  assert.throws(
    () => openForge({}, github, "t", purpose),
    (e: unknown) => e instanceof ProblemError && /GITHUB_REPOSITORY/.test(e.message),
  );
  assert.throws(
    () => openForge({ forge: "gitlab" }, github, "t", purpose),
    (e: unknown) => e instanceof ProblemError && e.problems[0]?.kind === "usage",
  );
});
