import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { Forge } from "@mlci/forge/forge.js";
import { GitHubForge } from "@mlci/forge/github-forge.js";
import { git } from "@mlci/forge/releases/git.js";
import type { ReleaseForge } from "@mlci/forge/releases/release-forge.js";
import { openerWith } from "../support/forge-opener.js";
import { runCliCaptured } from "../support/in-process-cli.js";
import "../support/github-double/release-behaviour.js"; // the pull requests of a commit (release labels)
import { GitHubDouble } from "../support/github-double/server.js";

// Two runs of `mlci release` for the same NAME@vX.Y.Z at once: exactly one publishes, the other exits 2
// with one message and leaves nothing behind (no half-written release directory, no second draft).
const root = fileURLToPath(new URL("../../../", import.meta.url));
const bin = join(root, "packages/cli/bin/mlci.js");
const barrier = new URL("./claim-barrier.js", import.meta.url).href;
const scorerModel = join(root, "packages/model/test-data/scorer-v1.onnx");

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("concurrent releases with the local forge", () => {
  let repo: string;
  /** The runs' home and temp directory: a release leaves nothing there (no staging files, no onnxruntime telemetry). */
  let outside: string;

  beforeEach(async () => {
    repo = await mkdtemp(join(tmpdir(), "mlci-release-race-"));
    outside = await mkdtemp(join(tmpdir(), "mlci-release-race-outside-"));
    await git(repo, ["init", "-q", "-b", "main"]);
    await git(repo, ["config", "user.email", "ana@example.com"]);
    await git(repo, ["config", "user.name", "Ana"]);
    await mkdir(join(repo, "models"));
    await copyFile(scorerModel, join(repo, "models/scorer.onnx"));
    await writeFile(join(repo, "mlci.yml"), "models:\n  scorer: {path: models/scorer.onnx}\n");
    await writeFile(join(repo, ".gitignore"), ".mlci/\n");
    await git(repo, ["add", "-A"]);
    await git(repo, ["commit", "-q", "-m", "model"]);
  });

  afterEach(async () => {
    await rm(repo, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  function release(env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Promise<Outcome> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [...nodeArgs, bin, "release", "--model", "scorer", "--forge", "local"], {
        cwd: repo,
        env: {
          ...process.env,
          ...{ GITHUB_ACTIONS: "", GITHUB_SHA: "", GITHUB_OUTPUT: "", GITHUB_RUN_ID: "" },
          ...{ HOME: outside, TMPDIR: outside, ORT_DISABLE_TELEMETRY: undefined },
          ...env,
        },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => {
        stdout += d;
      });
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  }

  /** The release directory of scorer 1.0.0 is complete and published, with nothing of a draft or claim beside it. */
  async function assertOneCompleteRelease(): Promise<void> {
    const scorerDir = join(repo, ".mlci/releases/scorer");
    assert.deepEqual((await readdir(scorerDir)).sort(), ["1.0.0"], "no draft or claim left beside the release");
    const files = (await readdir(join(scorerDir, "1.0.0"))).sort();
    assert.deepEqual(files, [".release-meta.json", "MODEL_CARD.md", "release.json", "scorer.onnx"]);
    const meta = JSON.parse(await readFile(join(scorerDir, "1.0.0/.release-meta.json"), "utf8"));
    assert.equal(meta.draft, false);
    assert.deepEqual(await readFile(join(scorerDir, "1.0.0/scorer.onnx")), await readFile(scorerModel));
    assert.equal((await git(repo, ["tag", "--list"])).trim(), "scorer@v1.0.0");
    // Node 22+ keeps its code cache there on purpose (main.ts turns it on): a cache, not a leftover.
    const left = (await readdir(outside, { recursive: true })).filter((path) => !path.startsWith("node-compile-cache"));
    assert.deepEqual(left, [], "nothing left in the home or temp directory");
  }

  it("two runs started together: one releases, the other exits 2 with one message", async () => {
    const barrierDir = await mkdtemp(join(tmpdir(), "mlci-barrier-"));
    try {
      const env = { MLCI_TEST_BARRIER_DIR: barrierDir, MLCI_TEST_BARRIER_PARTIES: "2" };
      const outcomes = await Promise.all([release(env, ["--import", barrier]), release(env, ["--import", barrier])]);
      assert.equal((await readdir(barrierDir)).length, 2, "both runs reached the claim");
      const winner = outcomes.find((o) => o.code === 0);
      const loser = outcomes.find((o) => o !== winner);
      assert.ok(winner && loser, outcomes.map((o) => `${o.code}: ${o.stderr}`).join("\n---\n"));
      assert.match(winner.stdout, /released scorer 1\.0\.0 as scorer@v1\.0\.0/);
      assert.equal(loser.code, 2, loser.stderr);
      const errors = loser.stderr.split("\n").filter((line) => line.startsWith("mlci:"));
      assert.equal(errors.length, 1, loser.stderr);
      assert.match(errors[0] ?? "", /another run is releasing scorer@v1\.0\.0 .*this run wrote nothing/);
      assert.doesNotMatch(loser.stdout, /released/);
      await assertOneCompleteRelease();
    } finally {
      await rm(barrierDir, { recursive: true, force: true });
    }
  });

  it("a claim held by a live process stops the run before it writes; a claim of a dead one is taken over", async () => {
    // Another `mlci release` of scorer@v1.0.0, as its claim file says, still running.
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      const claimFile = join(repo, ".mlci/releases/scorer/.1.0.0.claim");
      await mkdir(join(repo, ".mlci/releases/scorer"), { recursive: true });
      const claim = { host: hostname(), pid: holder.pid, nonce: "other-run", at: "2026-12-05T10:00:00.000Z" };
      await writeFile(claimFile, JSON.stringify(claim));
      const blocked = await release();
      assert.equal(blocked.code, 2, blocked.stderr);
      assert.match(
        blocked.stderr,
        new RegExp(`another run is releasing scorer@v1\\.0\\.0 \\(process ${holder.pid} on `),
      );
      assert.match(blocked.stderr, /delete .*\.1\.0\.0\.claim and run again/);
      assert.deepEqual(await readdir(join(repo, ".mlci/releases/scorer")), [".1.0.0.claim"], "nothing written");

      holder.kill();
      await new Promise((resolve) => holder.once("exit", resolve));
      const after = await release();
      assert.equal(after.code, 0, after.stderr);
      await assertOneCompleteRelease();
    } finally {
      holder.kill();
    }
  });
});

describe("concurrent releases against the GitHub double", () => {
  const REPO = "octo-org/models";
  const COMMIT = "1".repeat(40);
  let double: GitHubDouble;
  let forge: GitHubForge;
  let dir: string;

  beforeEach(async () => {
    double = await GitHubDouble.start();
    double.addRepository(REPO);
    double.addActionsToken("ghs_release", { contents: "write" });
    forge = new GitHubForge({
      token: "ghs_release",
      repository: { owner: "octo-org", repo: "models" },
      apiUrl: double.apiUrl,
      retryAfterBaseMs: 1,
      spaceWrites: false,
    });
    dir = await mkdtemp(join(tmpdir(), "mlci-gh-race-"));
    await mkdir(join(dir, "models"));
    await copyFile(scorerModel, join(dir, "models/scorer.onnx"));
    await writeFile(join(dir, "mlci.yml"), "models:\n  scorer: {path: models/scorer.onnx}\n");
  });

  afterEach(async () => {
    try {
      double.assertNoViolations();
    } finally {
      await double.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  const releases = () => double.repository(REPO).releases;

  async function mlci(github: Forge, env: Record<string, string> = {}): Promise<Outcome> {
    const saved = { ...process.env };
    Object.assign(process.env, { GITHUB_SHA: COMMIT, GITHUB_RUN_ID: "", GITHUB_RUN_ATTEMPT: "", ...env });
    try {
      const args = ["release", "--model", "scorer", "--forge", "github", "--config", join(dir, "mlci.yml")];
      return await runCliCaptured(args, openerWith(github));
    } finally {
      process.env = saved;
    }
  }

  /** `forge` whose releases wait, before claiming, until `parties` runs are about to claim. */
  function withClaimBarrier(parties: number): Forge {
    let arrived = 0;
    let open: () => void = () => {};
    const allThere = new Promise<void>((resolve) => {
      open = resolve;
    });
    const releasesForge: ReleaseForge = new Proxy(forge.releases, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== "claimDraftRelease") return typeof value === "function" ? value.bind(target) : value;
        return async (...args: Parameters<ReleaseForge["claimDraftRelease"]>) => {
          if (++arrived === parties) open();
          await allThere;
          return target.claimDraftRelease(...args);
        };
      },
    });
    return new Proxy(forge, {
      get(target, property) {
        if (property === "releases") return releasesForge;
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    }) as Forge;
  }

  it("two runs claim at once: the older draft proceeds, the newer deletes its own and exits 2", async () => {
    const racing = withClaimBarrier(2);
    const outcomes = await Promise.all([mlci(racing), mlci(racing)]);
    const winner = outcomes.find((o) => o.code === 0);
    const loser = outcomes.find((o) => o !== winner);
    assert.ok(winner && loser, outcomes.map((o) => `${o.code}: ${o.stderr}`).join("\n---\n"));
    assert.equal(loser.code, 2, loser.stderr);
    assert.match(loser.stderr, /another run is releasing scorer@v1\.0\.0 .*this run wrote nothing/);
    assert.equal(releases().length, 1, "one release of the tag: no second draft left");
    const [release] = releases();
    assert.equal(release?.draft, false);
    assert.doesNotMatch(release?.body ?? "", /mlci-release-claim/, "the claim is not published");
    const assets = double.repository(REPO).assetsOf(release?.id ?? -1);
    assert.deepEqual(assets.map((a) => a.name).sort(), ["MODEL_CARD.md", "release.json", "scorer.onnx"]);
  });

  it("a draft claimed by a run that may still be going is left alone; an earlier attempt's draft is finished", async () => {
    // Another workflow run's draft, claimed from another machine.
    const other = {
      host: "runner-elsewhere",
      pid: 4242,
      run: "9001",
      attempt: 1,
      nonce: "n1",
      at: "2026-12-05T10:00:00Z",
    };
    const claimed = `# scorer 1.0.0\n\n<!-- mlci-release-claim ${Buffer.from(JSON.stringify(other)).toString("base64url")} -->\n`;
    const draft = await forge.releases.createDraftRelease({
      tag: "scorer@v1.0.0",
      commit: COMMIT,
      title: "scorer 1.0.0",
      body: "x",
    });
    const record = releases()[0];
    assert.ok(record);
    record.body = claimed;

    const blocked = await mlci(forge, { GITHUB_RUN_ID: "9002", GITHUB_RUN_ATTEMPT: "1" });
    assert.equal(blocked.code, 2, blocked.stderr);
    assert.match(
      blocked.stderr,
      /another run is releasing scorer@v1\.0\.0 \(workflow run 9001 attempt 1, process 4242 on runner-elsewhere/,
    );
    assert.ok(blocked.stderr.includes(draft.url), blocked.stderr);
    assert.equal(releases().length, 1, "no second draft");
    assert.equal(double.requests.filter((r) => r.operationId === "repos/upload-release-asset").length, 0);

    // A re-run of workflow run 9001 (attempt 2) finishes the draft its first attempt left.
    const rerun = await mlci(forge, { GITHUB_RUN_ID: "9001", GITHUB_RUN_ATTEMPT: "2" });
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(rerun.stderr, /finishing the draft release scorer@v1\.0\.0 left by an earlier run/);
    assert.equal(releases().length, 1);
    assert.equal(releases()[0]?.draft, false);
    assert.doesNotMatch(releases()[0]?.body ?? "", /mlci-release-claim/);
  });
});
