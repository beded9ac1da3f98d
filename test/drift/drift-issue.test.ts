import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { profileTable } from "@mlci/core/profile/memory-profile.js";
import { formatCompactJson } from "@mlci/core/profile/profile-json.js";
import { GitHubDouble } from "../support/github-double/server.js";
import { scratchDir } from "../support/scratch.js";
import { runMlci } from "./run-mlci.js";

const BIN = fileURLToPath(new URL("../../../packages/cli/bin/mlci.js", import.meta.url));
const dir = scratchDir("mlci-drift-issue-");

/** Profiles of a uniform feature, shifted or not (a small LCG keeps them reproducible). */
function writeProfile(name: string, shift: number, seed: number): string {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const profile = profileTable(name, {
    amount: Array.from({ length: 4000 }, () => 100 * next() + shift),
    kind: Array.from({ length: 4000 }, () => (next() < 0.5 ? "a" : "b")),
  });
  const path = join(dir, `${name}.json`);
  writeFileSync(path, formatCompactJson(profile));
  return path;
}

const reference = writeProfile("reference", 0, 1);
const drifted = writeProfile("drifted", 60, 2);
const clean = writeProfile("clean", 0, 3);

describe("mlci drift --open-issue with the local forge", () => {
  const forgeDir = join(dir, "forge");
  const run = (current: string) =>
    runMlci([
      "drift",
      "--reference",
      reference,
      "--current",
      current,
      "--share",
      "0.5",
      "--open-issue",
      "--model-name",
      "churn",
      "--forge",
      "local",
      "--forge-dir",
      forgeDir,
      "--close-after",
      "2",
    ]);
  const threads = () =>
    readdirSync(join(forgeDir, "issues"))
      .filter((f) => f.endsWith(".json"))
      .map((f) => JSON.parse(readFileSync(join(forgeDir, "issues", f), "utf8")));

  it("opens one issue, comments on later runs, and closes it after 2 clean runs", async () => {
    const first = await run(drifted);
    assert.equal(first.status, 1, first.stderr);
    assert.match(first.stdout, /drift issue: created #1/);
    assert.match((await run(drifted)).stdout, /drift issue: commented #1/);
    assert.equal(threads().length, 1, "one issue per model");
    const cleanRun = await run(clean);
    assert.equal(cleanRun.status, 0);
    assert.match(cleanRun.stdout, /drift issue: commented #1/);
    assert.match((await run(clean)).stdout, /drift issue: closed #1/);
    const [issue] = threads();
    assert.equal(issue.state, "closed");
    assert.deepEqual(issue.labels, ["model-drift"]);
    assert.match(issue.body, /<!-- mlci:drift:churn -->/);
    assert.equal(issue.comments.length, 3);
    assert.match(issue.comments.at(-1).body, /No drift for 2 consecutive runs/);
    assert.match((await run(clean)).stdout, /drift issue: none/);
    assert.match((await run(drifted)).stdout, /drift issue: created #2/, "a new degradation opens a new issue");
  });

  it("never prints the token outside Actions (the mask command would print it)", () => {
    const token = "ghp_localSecretThatMustNotAppear";
    const result = spawnSync(
      process.execPath,
      [
        BIN,
        "drift",
        "--reference",
        reference,
        "--current",
        drifted,
        "--open-issue",
        "--model-name",
        "leak",
        "--forge",
        "local",
        "--forge-dir",
        join(dir, "forge-leak"),
      ],
      { encoding: "utf8", env: { ...process.env, GITHUB_TOKEN: token, GITHUB_ACTIONS: "" } },
    );
    assert.equal(result.status, 1, result.stderr);
    assert.ok(!`${result.stdout}${result.stderr}`.includes(token), "the token reached the output");
  });
});

/** Runs the CLI without blocking this process, which serves the GitHub double. */
function runAsync(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("mlci drift --open-issue on GitHub (the REST double)", () => {
  let double: GitHubDouble;
  before(async () => {
    double = await GitHubDouble.start();
    double.addRepository("octo-org/models");
    double.addActionsToken("actions-token");
  });
  after(async () => {
    await double.close();
  });

  it("creates the labelled issue, comments instead of opening another, and closes it", {
    timeout: 120_000,
  }, async () => {
    const env = {
      GITHUB_ACTIONS: "true",
      GITHUB_REPOSITORY: "octo-org/models",
      GITHUB_API_URL: double.apiUrl,
      GITHUB_TOKEN: "actions-token",
      GITHUB_RUN_ID: "42",
    };
    const args = (current: string) => [
      "drift",
      "--reference",
      reference,
      "--current",
      current,
      "--share",
      "0.5",
      "--open-issue",
      "--model-name",
      "churn",
      "--close-after",
      "1",
    ];
    const first = await runAsync(args(drifted), env);
    assert.equal(first.status, 1, first.stderr);
    assert.match(first.stdout, /drift issue: created #\d+/);
    const second = await runAsync(args(drifted), env);
    assert.match(second.stdout, /drift issue: commented/, second.stderr);
    const third = await runAsync(args(clean), env);
    assert.match(third.stdout, /drift issue: closed/, third.stderr);
    const issues = double.repository("octo-org/models").issues;
    assert.equal(issues.length, 1);
    assert.equal(issues[0]?.state, "closed");
    assert.deepEqual(issues[0]?.labels, ["model-drift"]);
    // The token only ever appears in the ::add-mask:: command that tells the runner to hide it.
    const printed = [first, second, third].flatMap((r) => `${r.stdout}${r.stderr}`.split("\n"));
    assert.ok(printed.some((line) => line === "::add-mask::actions-token"));
    assert.ok(
      printed.filter((line) => !line.startsWith("::add-mask::")).every((line) => !line.includes("actions-token")),
    );
    double.assertNoViolations();
  });
});
