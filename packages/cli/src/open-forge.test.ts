import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { ProblemError } from "@mlci/core";
import { GitHubForge, LocalForge } from "@mlci/forge";
import { openForge } from "./open-forge.js";

const purpose = { action: "open the drift issue", permission: "issues: write" };

test("outside Actions the local forge is the default, kept in the repository's .mlci/forge", async () => {
  const forge = await openForge({ repoDir: "/work/repo" }, {}, purpose);
  assert.ok(forge instanceof LocalForge);
  assert.equal(forge.dir, join("/work/repo", ".mlci/forge"));
  const elsewhere = await openForge({ forgeDir: "threads" }, {}, purpose);
  assert.ok(elsewhere instanceof LocalForge);
  assert.equal(elsewhere.dir, resolve("threads"), "a --forge-dir is relative to the working directory");
});

test("--forge wins over the environment both ways", async () => {
  const actions = { GITHUB_ACTIONS: "true", GITHUB_TOKEN: "t", GITHUB_REPOSITORY: "o/r" };
  assert.ok((await openForge({ forge: "local" }, actions, purpose)) instanceof LocalForge);
  assert.ok((await openForge({}, actions, purpose)) instanceof GitHubForge);
  assert.ok(
    (await openForge({ forge: "github" }, { GITHUB_TOKEN: "t", GITHUB_REPOSITORY: "o/r" }, purpose)) instanceof
      GitHubForge,
  );
});

test("GitHub without a token or repository says what to set, in the command's terms", async () => {
  await assert.rejects(
    openForge({}, { GITHUB_ACTIONS: "true" }, purpose),
    (e: unknown) =>
      e instanceof ProblemError && /open the drift issue/.test(e.message) && /issues: write/.test(e.message),
  );
  await assert.rejects(
    openForge({ token: "t" }, { GITHUB_ACTIONS: "true" }, purpose),
    (e: unknown) => e instanceof ProblemError && /GITHUB_REPOSITORY/.test(e.message),
  );
  await assert.rejects(
    openForge({ forge: "gitlab" }, {}, purpose),
    (e: unknown) => e instanceof ProblemError && e.problems[0]?.kind === "usage",
  );
});
