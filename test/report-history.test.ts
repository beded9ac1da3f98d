// The report's chart from released versions: two versions released with their metrics (mlci release
// --evaluation) against the GitHub double, then `mlci report --history-from-releases --post` draws
// the primary metric over them and this pull request.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { type ForgeOpener, runCli } from "@mlci/cli";
import { GitHubForge } from "@mlci/forge";
import "@mlci/cli/commands";
import { openerWith } from "./support/forge-opener.js";
import { GitHubDouble } from "./support/github-double/index.js";
// GitHub behaviour the release flow relies on (the pull requests of a commit), installed on import.
import "./support/github-double/release-behaviour.js";
import { fromRoot } from "./support/paths.js";

const REPO = "octo-org/models";
const TOKEN = "ghs_history";
const PR = 5;
const ENV = ["GITHUB_TOKEN", "GITHUB_REPOSITORY", "GITHUB_API_URL", "GITHUB_SHA", "GITHUB_ACTIONS"] as const;

describe("report history from releases", () => {
  let double: GitHubDouble;
  let dir: string;
  let opener: ForgeOpener;
  const saved: Partial<Record<(typeof ENV)[number], string | undefined>> = {};

  async function mlci(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await runCli(
      args,
      {
        stdout: (t) => {
          stdout += t;
        },
        stderr: (t) => {
          stderr += t;
        },
      },
      opener,
    );
    return { code, stdout, stderr };
  }

  async function evaluation(mae: number): Promise<string> {
    const model = await readFile(join(dir, "models/scorer.onnx"));
    const path = join(dir, `evaluation-${mae}.json`);
    await writeFile(
      path,
      JSON.stringify({
        schema: "mlci/evaluation@1",
        name: "scorer",
        task: "regression",
        data: { path: "data/test.csv", rows: 500 },
        target: "delay",
        head: {
          model: {
            path: "models/scorer.onnx",
            sha256: createHash("sha256").update(model).digest("hex"),
            size_bytes: model.length,
          },
          metrics: { mae, r2: 0.5 },
        },
        baseline: null,
        slices: [],
        gates: [{ metric: "mae", kind: "max", threshold: 4, observed: mae, passed: true, reason: `mae ${mae} <= 4` }],
        passed: true,
      }),
    );
    return path;
  }

  beforeEach(async () => {
    double = await GitHubDouble.start();
    double.addRepository(REPO);
    double.openPullRequest(REPO, PR);
    double.addActionsToken(TOKEN, { contents: "write", pull_requests: "write" });
    const forge = new GitHubForge({
      token: TOKEN,
      repository: { owner: "octo-org", repo: "models" },
      apiUrl: double.apiUrl,
      retryAfterBaseMs: 1,
      spaceWrites: false,
    });
    opener = openerWith(forge);
    for (const key of ENV) saved[key] = process.env[key];
    Object.assign(process.env, { GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: REPO, GITHUB_API_URL: double.apiUrl });
    delete process.env.GITHUB_ACTIONS;
    dir = await mkdtemp(join(tmpdir(), "mlci-report-history-"));
    await mkdir(join(dir, "models"));
    await copyFile(fromRoot("packages/model/test-data/scorer-v1.onnx"), join(dir, "models/scorer.onnx"));
    await writeFile(join(dir, "mlci.yml"), "models:\n  scorer: {path: models/scorer.onnx}\n");
  });

  afterEach(async () => {
    for (const key of ENV) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    try {
      double.assertNoViolations();
    } finally {
      await double.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("charts the primary metric over the released versions and this pull request", async () => {
    const config = join(dir, "mlci.yml");
    for (const [commit, version, mae] of [
      ["1".repeat(40), "1.0.0", 3.6],
      ["2".repeat(40), "1.1.0", 3.3],
    ] as const) {
      process.env.GITHUB_SHA = commit;
      const released = await mlci(
        "release",
        "--model",
        "scorer",
        "--version",
        version,
        "--evaluation",
        await evaluation(mae),
        "--forge",
        "github",
        "--config",
        config,
      );
      assert.equal(released.code, 0, released.stderr);
    }
    const head = await evaluation(3.1);
    const report = await mlci(
      "report",
      "--evaluation",
      head,
      "--history-from-releases",
      "--post",
      "--forge",
      "github",
      "--config",
      config,
      "--pr",
      String(PR),
    );
    assert.equal(report.code, 0, report.stderr);
    const body = double.repository(REPO).commentsOf(PR)[0]?.body ?? "";
    assert.match(body, /x-axis \["v1\.0\.0", "v1\.1\.0", "this PR"\]/);
    assert.match(body, /line \[3\.60*, 3\.30*, 3\.10*\]/);
    assert.match(body, /#### mae over versions/);
  });
});
