import assert from "node:assert/strict";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { openRegistry, type RegistryContext, resolveBaseline, runCli } from "@mlci/cli";
import { GitHubForge } from "@mlci/forge";
import "@mlci/cli/commands";
import { type ActionsRuntimeDouble, startActionsRuntimeDouble } from "../support/actions-runtime-double/server.js";
import { openerWith } from "../support/forge-opener.js";
import { GitHubDouble } from "../support/github-double/index.js";
import { associatePullRequest } from "../support/github-double/release-behaviour.js";

// `mlci evaluate --baseline production` inside GitHub Actions: the production model is downloaded from
// its GitHub release (the REST double) once, saved to the Actions cache (the cache service double), and
// the next job, which starts without .mlci/cache/, restores it from there instead of downloading it.
const REPO = "octo-org/models";
const root = fileURLToPath(new URL("../../../", import.meta.url));
const model = join(root, "packages/model/test-data/scorer-v1.onnx");

let github: GitHubDouble;
let runtime: ActionsRuntimeDouble;
let dir: string;
let registry: RegistryContext;
const savedEnv = { ...process.env };

before(async () => {
  github = await GitHubDouble.start();
  github.addRepository(REPO);
  associatePullRequest(github.repository(REPO), "1".repeat(40), 1, []); // the release reads its labels
  github.addActionsToken("ghs_eval", { contents: "write" });
  const forge = new GitHubForge({
    token: "ghs_eval",
    repository: { owner: "octo-org", repo: "models" },
    apiUrl: github.apiUrl,
    retryAfterBaseMs: 1,
    spaceWrites: false,
  });
  runtime = await startActionsRuntimeDouble();
  dir = await mkdtemp(join(tmpdir(), "mlci-baseline-cache-"));
  await mkdir(join(dir, "models"));
  await copyFile(model, join(dir, "models/scorer.onnx"));
  await writeFile(join(dir, "mlci.yml"), "models:\n  scorer: {path: models/scorer.onnx}\n");
  const config = join(dir, "mlci.yml");
  process.env.GITHUB_SHA = "1".repeat(40);
  for (const args of [
    ["release", "--model", "scorer"],
    ["promote", "scorer@v1.0.0", "--stage", "production"],
  ]) {
    let stderr = "";
    const code = await runCli(
      [...args, "--forge", "github", "--config", config],
      {
        stdout: () => {},
        stderr: (text) => {
          stderr += text;
        },
      },
      openerWith(forge),
    );
    assert.equal(code, 0, stderr);
  }
  registry = await openRegistry({ config, forge: "github" }, openerWith(forge), {
    action: "download the baseline model",
    permission: "contents: read",
  });
  // What @actions/cache reads from the runner's environment.
  Object.assign(process.env, {
    GITHUB_ACTIONS: "true",
    ACTIONS_RESULTS_URL: `${runtime.url}/`,
    ACTIONS_RUNTIME_TOKEN: runtime.token,
    ACTIONS_CACHE_SERVICE_V2: "true",
    RUNNER_TEMP: await mkdtemp(join(tmpdir(), "mlci-runner-temp-")),
  });
});

after(async () => {
  process.env = savedEnv;
  try {
    github.assertNoViolations();
    assert.deepEqual(runtime.unexpected, []);
  } finally {
    await github.close();
    await runtime.close();
    await rm(dir, { recursive: true, force: true });
  }
});

/** Downloads of release assets so far (release.json is read on every call, the model only when missing). */
const assetDownloads = () => github.requests.filter((r) => r.operationId === "repos/get-release-asset").length;

test("the first job downloads the production model and saves it to the Actions cache; the next restores it", async () => {
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);

  const before = assetDownloads();
  const first =
    (await resolveBaseline({ name: "scorer", ref: "production" }, registry, process.env, warn)) ??
    assert.fail("no model");
  assert.deepEqual(await readFile(first), await readFile(model));
  const firstDownloads = assetDownloads() - before;
  assert.equal(firstDownloads, 2, "release.json and the model");
  assert.deepEqual(
    runtime.caches.map((c) => [c.key, c.finalized]),
    [["mlci-model-scorer-1.0.0", true]],
  );

  // A new job: a fresh checkout has no .mlci/cache/.
  await rm(join(dir, ".mlci", "cache"), { recursive: true, force: true });
  const between = assetDownloads();
  const second =
    (await resolveBaseline({ name: "scorer", ref: "production" }, registry, process.env, warn)) ?? assert.fail();
  assert.equal(second, first);
  assert.deepEqual(await readFile(second), await readFile(model));
  assert.equal(assetDownloads() - between, 1, "only release.json: the model came from the Actions cache");
  assert.equal(runtime.caches.length, 1, "a restored model is not saved again");
  assert.deepEqual(warnings, []);
});
