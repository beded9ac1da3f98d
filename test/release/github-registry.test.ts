import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { runCli } from "@mlci/cli/program.js";
import { parseTagFormat, type TagFormat } from "@mlci/core/release/tag-format.js";
import { GitHubForge } from "@mlci/forge/github-forge.js";
import { downloadModelVersion, publishModelRelease, resolveVersion } from "@mlci/forge/releases/model-registry.js";
import { TagConflictError } from "@mlci/forge/releases/release-forge.js";

import { openerWith } from "../support/forge-opener.js";
import {
  associatePullRequest,
  breakUploads,
  enableImmutableReleases,
} from "../support/github-double/release-behaviour.js";
import { GitHubDouble } from "../support/github-double/server.js";

// The release flow through the CLI against the GitHub REST double: every request is checked against
// GitHub's OpenAPI description, and the double's state is what GitHub would hold afterwards.
const REPO = "octo-org/models";
const root = fileURLToPath(new URL("../../../", import.meta.url));
const testModel = (name: string) => join(root, "packages/model/test-data", name);
const COMMIT_1 = "1".repeat(40);
const COMMIT_2 = "2".repeat(40);
const COMMIT_3 = "3".repeat(40);

describe("mlci release / promote / rollback / models against the GitHub double", () => {
  /** The production model of scorer, downloaded into cacheDir. */
  async function downloadProduction(cacheDir: string, format: TagFormat) {
    const target = await resolveVersion(forge.releases, "scorer", "production", format);
    assert.ok(target.ok, target.ok ? "" : target.error.message);
    return downloadModelVersion(forge.releases, target.value, cacheDir);
  }

  let double: GitHubDouble;
  let dir: string;
  let forge: GitHubForge;

  async function mlci(commit: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    process.env.GITHUB_SHA = commit;
    let stdout = "";
    let stderr = "";
    const code = await runCli(
      [...args, "--forge", "github", "--config", join(dir, "mlci.yml")],
      {
        stdout: (t) => {
          stdout += t;
        },
        stderr: (t) => {
          stderr += t;
        },
      },
      openerWith(forge),
    );
    return { code, stdout, stderr };
  }

  const repo = () => double.repository(REPO);
  const requests = (operationId: string) => double.requests.filter((r) => r.operationId === operationId);
  const releaseOf = (tag: string) => repo().releases.find((r) => r.tagName === tag);
  const assetsOf = (tag: string) =>
    repo()
      .assetsOf(releaseOf(tag)?.id ?? -1)
      .map((a) => a.name)
      .sort();

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
    dir = await mkdtemp(join(tmpdir(), "mlci-gh-release-"));
    await mkdir(join(dir, "models"));
    await copyFile(testModel("scorer-v1.onnx"), join(dir, "models/scorer.onnx"));
    await copyFile(testModel("scorer-v1.onnx"), join(dir, "models/other.onnx"));
    await writeFile(join(dir, "contract.yml"), "columns: {}\n");
    await writeFile(
      join(dir, "mlci.yml"),
      "data:\n  flights: {path: flights.csv, contract: contract.yml}\nmodels:\n  scorer: {path: models/scorer.onnx, data: flights, card: {intended_use: Demo.}}\n  other: {path: models/other.onnx}\n",
    );
    await writeFile(
      join(dir, "lineage.json"),
      JSON.stringify({
        schema: "mlci/lineage@1",
        model: { name: "scorer", path: "models/scorer.onnx", sha256: "b".repeat(64) },
        git: { commit: COMMIT_1 },
        command: ["python", "train.py"],
        params: { depth: 3 },
        data: [{ path: "data/train.csv", sha256: "c".repeat(64), bytes: 1234 }],
        duration_ms: 5100,
        exit_code: 0,
        peak_memory_bytes: null,
        started_at: "2026-12-01T10:00:00Z",
      }),
    );
  });

  afterEach(async () => {
    try {
      double.assertNoViolations();
    } finally {
      await double.close(); // also when the assertion fails: an open server keeps the test process alive
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("releases with assets as draft-then-publish, and a re-run for the same commit is a no-op", async () => {
    const first = await mlci(COMMIT_1, "release", "--model", "scorer");
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /released scorer 1\.0\.0 as scorer@v1\.0\.0/);
    assert.match(first.stdout, /https:\/\/github\.com\/octo-org\/models\/releases\/tag\/scorer%40v1\.0\.0/);
    const release = releaseOf("scorer@v1.0.0");
    assert.ok(release && !release.draft, "published");
    assert.equal(release.targetCommitish, COMMIT_1);
    assert.match(release.body ?? "", /^# scorer 1\.0\.0\n/);
    assert.deepEqual(assetsOf("scorer@v1.0.0"), [
      "MODEL_CARD.md",
      "contract.yml",
      "lineage.json",
      "release.json",
      "scorer.onnx",
    ]);
    assert.deepEqual(repo().refs, [{ ref: "refs/tags/scorer@v1.0.0", sha: COMMIT_1, type: "commit" }]);
    // Draft first, assets while it is a draft, publication last.
    const order = double.requests
      .map((r) => r.operationId)
      .filter(
        (id) => id === "repos/create-release" || id === "repos/upload-release-asset" || id === "repos/update-release",
      );
    assert.equal(order[0], "repos/create-release");
    assert.equal(order.at(-1), "repos/update-release");
    assert.equal(order.filter((id) => id === "repos/upload-release-asset").length, 5);
    const model = repo().assets.find((a) => a.name === "scorer.onnx");
    assert.deepEqual(model?.data, await readFile(join(dir, "models/scorer.onnx")));

    const writesBefore = double.requests.filter((r) => r.method !== "GET").length;
    const again = await mlci(COMMIT_1, "release", "--model", "scorer");
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already released at commit 111111111111 as 1\.0\.0/);
    assert.equal(double.requests.filter((r) => r.method !== "GET").length, writesBefore, "no write on a re-run");
  });

  it("an upload that breaks off with 502 half-way is cleaned up and uploaded again", async () => {
    breakUploads(repo(), 1);
    const result = await mlci(COMMIT_1, "release", "--model", "scorer");
    assert.equal(result.code, 0, result.stderr);
    assert.ok(requests("repos/upload-release-asset").some((r) => r.status === 502));
    assert.equal(requests("repos/delete-release-asset").length, 1, "the broken asset is deleted");
    for (const asset of repo().assetsOf(releaseOf("scorer@v1.0.0")?.id ?? -1)) {
      assert.equal(asset.state ?? "uploaded", "uploaded", asset.name);
    }
    const model = repo().assets.find((a) => a.name === "scorer.onnx");
    assert.deepEqual(model?.data, await readFile(join(dir, "models/scorer.onnx")), "the full file, not the half");
    assert.equal(releaseOf("scorer@v1.0.0")?.draft, false);
  });

  it("uploads that keep failing leave an unpublished draft and a clear message; the next run finishes it", async () => {
    breakUploads(repo(), 3);
    const failed = await mlci(COMMIT_1, "release", "--model", "scorer");
    assert.equal(failed.code, 1);
    assert.match(
      failed.stderr,
      /uploading scorer\.onnx to the draft release scorer@v1\.0\.0 failed 3 times .* stays an unpublished draft/,
    );
    assert.equal(releaseOf("scorer@v1.0.0")?.draft, true, "nothing half-published");

    const resumed = await mlci(COMMIT_1, "release", "--model", "scorer");
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /finishing the draft release scorer@v1\.0\.0/);
    assert.equal(repo().releases.length, 1, "the same release, not a second one");
    assert.equal(releaseOf("scorer@v1.0.0")?.draft, false);
    assert.equal(assetsOf("scorer@v1.0.0").length, 5);
  });

  it("an existing tag is refused with a clear message and nothing is created", async () => {
    assert.equal((await mlci(COMMIT_1, "release", "--model", "scorer")).code, 0);
    const taken = await mlci(COMMIT_2, "release", "--model", "scorer", "--version", "1.0.0");
    assert.equal(taken.code, 2);
    assert.match(taken.stderr, /scorer 1\.0\.0 already exists/);
    // A tag that appeared after the versions were listed (another run, a person): TagConflictError.
    const before = repo().releases.length;
    await assert.rejects(
      publishModelRelease(forge.releases, {
        tag: "scorer@v1.0.0",
        commit: COMMIT_2,
        title: "scorer 1.0.0",
        body: "",
        assets: [],
      }),
      (error: unknown) =>
        error instanceof TagConflictError &&
        /already exists at commit 111111111111, not at 222222222222/.test(error.message),
    );
    assert.equal(repo().releases.length, before);
  });

  it("works with immutable releases: the release locks at publication and is never touched again", async () => {
    enableImmutableReleases(repo());
    assert.equal((await mlci(COMMIT_1, "release", "--model", "scorer")).code, 0);
    assert.equal(releaseOf("scorer@v1.0.0")?.immutable, true);
    const again = await mlci(COMMIT_1, "release", "--model", "scorer");
    assert.match(again.stdout, /nothing to do/);
    assert.deepEqual(
      double.requests.filter((r) => r.status === 422),
      [],
      "no request ran into the immutability lock",
    );
    const next = await mlci(COMMIT_2, "release", "--model", "scorer");
    assert.match(next.stdout, /released scorer 1\.0\.1/);
    assert.equal(releaseOf("scorer@v1.0.1")?.immutable, true);
  });

  it("keeps one line of versions per model; a release:major label on the merged PR decides the bump", async () => {
    assert.match((await mlci(COMMIT_1, "release", "--model", "scorer")).stdout, /scorer 1\.0\.0/);
    assert.match((await mlci(COMMIT_1, "release", "--model", "other")).stdout, /other 1\.0\.0 as other@v1\.0\.0/);
    associatePullRequest(repo(), COMMIT_2, 7, ["enhancement", "release:major"]);
    const labelled = await mlci(COMMIT_2, "release", "--model", "scorer");
    assert.match(labelled.stdout, /released scorer 2\.0\.0 .*major: pull request label release:major/);
    assert.match((await mlci(COMMIT_2, "release", "--model", "other")).stdout, /other 2\.0\.0/);
    // A token without pull-requests: read: the labels are skipped with a warning, the release goes on.
    double.fail({
      operationId: "repos/list-pull-requests-associated-with-commit",
      status: 403,
      message: "Resource not accessible by integration",
    });
    associatePullRequest(repo(), COMMIT_3, 8, ["release:major"]);
    const unlabelled = await mlci(COMMIT_3, "release", "--model", "other");
    assert.equal(unlabelled.code, 0, unlabelled.stderr);
    assert.match(unlabelled.stdout, /released other 2\.0\.1 .*patch/);
    assert.match(unlabelled.stderr, /warning: release:\* labels not read .*grant pull-requests: read/);
    const tags = repo()
      .refs.map((r) => r.ref)
      .sort();
    assert.deepEqual(tags, [
      "refs/tags/other@v1.0.0",
      "refs/tags/other@v2.0.0",
      "refs/tags/other@v2.0.1",
      "refs/tags/scorer@v1.0.0",
      "refs/tags/scorer@v2.0.0",
    ]);
  });

  it("promotes and rolls back with annotated stage tags; models list/show and the baseline agree with GitHub's state", async () => {
    await mlci(COMMIT_1, "release", "--model", "scorer");
    await copyFile(testModel("scorer-v2.onnx"), join(dir, "models/scorer.onnx"));
    const major = await mlci(COMMIT_2, "release", "--model", "scorer");
    assert.match(major.stdout, /released scorer 2\.0\.0 .*input "distance" removed/);
    await mlci(COMMIT_3, "release", "--model", "other");

    assert.equal((await mlci(COMMIT_3, "promote", "scorer@v1.0.0", "--stage", "production")).code, 0);
    assert.match(
      (await mlci(COMMIT_3, "promote", "scorer@latest", "--stage", "production")).stdout,
      /scorer 2\.0\.0 is now on production \(was 1\.0\.0\)/,
    );
    assert.equal((await mlci(COMMIT_3, "promote", "scorer@2.0.0", "--stage", "staging")).code, 0);
    const stageRefs = repo().refs.filter((r) => r.ref.includes("@production/") || r.ref.includes("@staging/"));
    assert.deepEqual(
      stageRefs.map((r) => [r.ref, r.type]),
      [
        ["refs/tags/scorer@production/1", "tag"],
        ["refs/tags/scorer@production/2", "tag"],
        ["refs/tags/scorer@staging/1", "tag"],
      ],
    );
    const production2 = repo().tags.find((t) => t.tag === "scorer@production/2");
    assert.equal(production2?.objectSha, COMMIT_2, "a stage tag points at the version's commit");
    assert.match(production2?.message ?? "", /^scorer@v2\.0\.0 promoted to production\n\nmlci-stage: \{/);

    const cacheDir = join(dir, "cache");
    const format = parseTagFormat("{name}@v{version}");
    assert.ok(format.ok);
    const baseline = await downloadProduction(cacheDir, format.value);
    assert.ok(baseline.ok, baseline.ok ? "" : baseline.error.message);
    assert.equal(baseline.value.version, "2.0.0");
    const bytes = await readFile(baseline.value.path);
    assert.deepEqual(bytes, await readFile(testModel("scorer-v2.onnx")));
    assert.equal(createHash("sha256").update(bytes).digest("hex"), baseline.value.sha256);

    const rolled = await mlci(COMMIT_3, "rollback", "scorer");
    assert.equal(rolled.code, 0, rolled.stderr);
    assert.match(rolled.stdout, /back to 1\.0\.0; recorded as tag scorer@production\/3/);
    const downloadsBefore = requests("repos/get-release-asset").filter((r) => r.path.includes("assets/")).length;
    const old = await downloadProduction(cacheDir, format.value);
    assert.ok(old.ok);
    assert.deepEqual(await readFile(old.value.path), await readFile(testModel("scorer-v1.onnx")));
    const again = await downloadProduction(cacheDir, format.value);
    assert.ok(again.ok);
    const modelDownloads = requests("repos/get-release-asset").length - downloadsBefore;
    // release.json is read each time; the model itself only once: the cache answers the second call.
    assert.equal(modelDownloads, 3);

    const listed = JSON.parse((await mlci(COMMIT_3, "models", "list", "--json")).stdout);
    const tagsOf = (name: string) =>
      repo()
        .refs.filter((r) => r.ref.startsWith(`refs/tags/${name}@v`))
        .map((r) => r.ref.slice(`refs/tags/${name}@v`.length));
    assert.deepEqual(listed.models, [
      {
        name: "scorer",
        latest: "2.0.0",
        versions: tagsOf("scorer"),
        stages: { production: "1.0.0", staging: "2.0.0" },
      },
      { name: "other", latest: "1.0.0", versions: tagsOf("other"), stages: { production: null, staging: null } },
    ]);
    const shown = JSON.parse((await mlci(COMMIT_3, "models", "show", "scorer@staging", "--json")).stdout);
    assert.equal(shown.version, "2.0.0");
    assert.deepEqual(shown.stages, ["staging"]);
    assert.equal(shown.commit, COMMIT_2);
    const releaseJson = repo().assets.find(
      (a) => a.name === "release.json" && a.releaseId === releaseOf("scorer@v2.0.0")?.id,
    );
    assert.deepEqual(shown.release, JSON.parse(releaseJson?.data.toString("utf8") ?? "null"));
  });
});
