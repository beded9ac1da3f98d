import assert from "node:assert/strict";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { resolveSettings } from "@mlci/cli/evaluate/settings.js";
import { type ForgeOpener, openForge } from "@mlci/cli/open-forge.js";
import { resolveBaseline, withReleasedBaseline } from "@mlci/cli/release/baseline.js";
import { openRegistry, referencedModel } from "@mlci/cli/release/registry-context.js";
import { parseMlciConfig } from "@mlci/core/config/mlci-config.js";
import { ProblemError } from "@mlci/core/problem.js";
import { git } from "@mlci/forge/releases/git.js";
import { LocalReleaseForge } from "@mlci/forge/releases/local-release-forge.js";
import { type CliRun, OUTSIDE_A_WORKFLOW, runCliCaptured } from "../support/in-process-cli.js";

// End to end through the `mlci` CLI (in this process) in a temporary git repository: the whole
// registry flow with the local forge (annotated tags + .mlci/releases), no GitHub involved.
const root = fileURLToPath(new URL("../../../", import.meta.url));
const testModel = (name: string) => join(root, "packages/model/test-data", name);

let repo: string;

function mlci(...args: string[]): Promise<CliRun> {
  return runCliCaptured([...args, "--forge", "local"], undefined, { cwd: repo, env: OUTSIDE_A_WORKFLOW });
}

async function commitAll(message: string): Promise<string> {
  await git(repo, ["add", "-A"]);
  await git(repo, ["commit", "-q", "-m", message]);
  return (await git(repo, ["rev-parse", "HEAD"])).trim();
}

async function sha256(path: string): Promise<string> {
  const { createHash } = await import("node:crypto");
  return createHash("sha256")
    .update(await readFile(path))
    .digest("hex");
}

/** An evaluation.json whose comparison says f1 improved significantly (or not). */
async function writeEvaluation(significant: boolean): Promise<string> {
  const path = join(repo, "evaluation.json");
  const evaluation = {
    schema: "mlci/evaluation@1",
    name: "scorer",
    task: "regression",
    data: { path: "data/test.csv", rows: 500 },
    target: "delay",
    head: {
      model: {
        path: "models/scorer.onnx",
        sha256: await sha256(join(repo, "models/scorer.onnx")),
        size_bytes: (await readFile(join(repo, "models/scorer.onnx"))).length,
      },
      metrics: { mae: 3.1 },
    },
    baseline: { model: { path: "baseline.onnx", sha256: "0".repeat(64), size_bytes: 1000 }, metrics: { mae: 3.6 } },
    comparison: {
      method: "paired-bootstrap",
      resamples: 1000,
      seed: 1,
      confidence: 0.95,
      deltas: {
        mae: {
          head: 3.1,
          baseline: 3.6,
          delta: -0.5,
          ci_low: significant ? -0.7 : -0.9,
          ci_high: significant ? -0.3 : 0.1,
          significant,
          direction: "lower",
          verdict: significant ? "better" : "same",
        },
      },
    },
    slices: [],
    gates: [],
    passed: true,
  };
  await writeFile(path, JSON.stringify(evaluation));
  return path;
}

/** A git repository with a committer and an empty models/ directory. */
async function newRepository(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await git(dir, ["init", "-q", "-b", "main"]);
  await git(dir, ["config", "user.email", "ana@example.com"]);
  await git(dir, ["config", "user.name", "Ana"]);
  await mkdir(join(dir, "models"));
  return dir;
}

before(async () => {
  repo = await newRepository("mlci-registry-");
  await copyFile(testModel("scorer-v1.onnx"), join(repo, "models/scorer.onnx"));
  await copyFile(testModel("scorer-v1.onnx"), join(repo, "models/other.onnx"));
  await writeFile(join(repo, "contract.yml"), "columns:\n  distance: {type: numeric}\n");
  await writeFile(
    join(repo, "mlci.yml"),
    [
      "data:",
      "  flights: {path: data/flights.csv, contract: contract.yml}",
      "models:",
      "  scorer:",
      "    path: models/scorer.onnx",
      "    data: flights",
      "    card:",
      "      intended_use: Scores flight delays for the demo.",
      "      limitations: Two made-up features.",
      "  other:",
      "    path: models/other.onnx",
      "    tag_format: 'models/{name}/{version}'",
      "",
    ].join("\n"),
  );
  await writeFile(join(repo, ".gitignore"), ".mlci/\nevaluation.json\n");
  await commitAll("first model");
});

after(async () => {
  await rm(repo, { recursive: true, force: true });
});

test("release, re-release, auto bumps, promotion, rollback and queries with the local forge", async () => {
  const first = await mlci("release", "--model", "scorer");
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /released scorer 1\.0\.0 as scorer@v1\.0\.0 \(first/);
  assert.equal((await git(repo, ["cat-file", "-t", "scorer@v1.0.0"])).trim(), "tag", "versions are annotated tags");
  const dir = join(repo, ".mlci/releases/scorer/1.0.0");
  assert.deepEqual((await readdir(dir)).filter((f) => !f.startsWith(".")).sort(), [
    "MODEL_CARD.md",
    "contract.yml",
    "release.json",
    "scorer.onnx",
  ]);
  const record = JSON.parse(await readFile(join(dir, "release.json"), "utf8"));
  assert.equal(record.model.sha256, await sha256(join(repo, "models/scorer.onnx")));
  assert.equal(record.model.signature.inputs[0].name, "distance");
  const firstCard = await readFile(join(dir, "MODEL_CARD.md"), "utf8");
  assert.match(firstCard, /## Intended use\n\nScores flight delays/);
  assert.match(
    firstCard,
    /\*\*Stage\*\*: candidate, on no stage when this card was written \(nothing is on production yet\)/,
  );

  const again = await mlci("release", "--model", "scorer");
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /already released at commit .* as 1\.0\.0.*nothing to do/);
  assert.deepEqual((await git(repo, ["tag", "--list", "scorer@v*"])).trim().split("\n"), ["scorer@v1.0.0"]);

  // Same model, new commit, an evaluation with a significant change: minor. Without one: patch.
  await writeFile(join(repo, "notes.txt"), "retrained\n");
  await commitAll("retrain");
  const minor = await mlci("release", "--model", "scorer", "--evaluation", await writeEvaluation(true));
  assert.equal(minor.code, 0, minor.stderr);
  assert.match(minor.stdout, /released scorer 1\.1\.0 .*minor: metric mae changed -0\.5 \[-0\.7, -0\.3\] \(better\)/);
  const minorCard = await readFile(join(repo, ".mlci/releases/scorer/1.1.0/MODEL_CARD.md"), "utf8");
  assert.match(minorCard, /\| mae +\| +3\.1000 \|/);

  await writeFile(join(repo, "notes.txt"), "retrained again\n");
  await commitAll("retrain again");
  // An evaluation.json that does not fit the schema (here: no gates verdict) is refused, naming the field.
  const partial = JSON.parse(await readFile(await writeEvaluation(false), "utf8"));
  delete partial.passed;
  await writeFile(join(repo, "partial.json"), JSON.stringify(partial));
  const refused = await mlci("release", "--model", "scorer", "--evaluation", join(repo, "partial.json"), "--dry-run");
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /partial\.json is not a valid evaluation file: passed: /);
  const patch = await mlci("release", "--model", "scorer", "--evaluation", await writeEvaluation(false));
  assert.match(patch.stdout, /released scorer 1\.1\.1 .*patch/);

  // A renamed input is a major version, whatever the metrics say.
  await copyFile(testModel("scorer-v2.onnx"), join(repo, "models/scorer.onnx"));
  await commitAll("rename input");
  const major = await mlci("release", "--model", "scorer", "--dry-run");
  assert.equal(major.code, 0, major.stderr);
  assert.match(major.stdout, /would release scorer 2\.0\.0 .*input "distance" removed/);
  assert.equal((await git(repo, ["tag", "--list", "scorer@v2*"])).trim(), "", "a dry run changes nothing");
  assert.match((await mlci("release", "--model", "scorer")).stdout, /released scorer 2\.0\.0/);

  // An explicit version that exists is refused before anything is touched.
  const taken = await mlci("release", "--model", "other", "--version", "1.0.0");
  assert.equal(taken.code, 0, taken.stderr); // other has no 1.0.0 yet: its own line of versions
  assert.match(taken.stdout, /released other 1\.0\.0 as models\/other\/1\.0\.0/);
  await writeFile(join(repo, "notes.txt"), "other retrained\n");
  await commitAll("other retrain");
  const clash = await mlci("release", "--model", "other", "--version", "1.0.0");
  assert.equal(clash.code, 2);
  assert.match(clash.stderr, /other 1\.0\.0 already exists/);

  for (const version of ["1.0.0", "1.1.0", "2.0.0"]) {
    const promoted = await mlci("promote", `scorer@v${version}`, "--stage", "production");
    assert.equal(promoted.code, 0, promoted.stderr);
  }
  assert.match((await mlci("promote", "scorer@2.0.0", "--stage", "production")).stdout, /already on production/);
  assert.match((await mlci("models", "show", "scorer@production")).stdout, /^scorer 2\.0\.0 .*\nstages: production/);
  assert.match((await mlci("rollback", "scorer")).stdout, /back to 1\.1\.0; recorded as tag scorer@production\/4/);
  assert.match((await mlci("rollback", "scorer")).stdout, /back to 1\.0\.0/);
  const exhausted = await mlci("rollback", "scorer");
  assert.equal(exhausted.code, 2);
  assert.match(exhausted.stderr, /cannot roll back scorer on production: only 1\.0\.0/);
  assert.equal((await git(repo, ["cat-file", "-t", "scorer@production/5"])).trim(), "tag");

  const list = JSON.parse((await mlci("models", "list", "--json")).stdout);
  assert.deepEqual(list.models, [
    {
      name: "scorer",
      latest: "2.0.0",
      versions: ["1.0.0", "1.1.0", "1.1.1", "2.0.0"],
      stages: { production: "1.0.0", staging: null },
    },
    { name: "other", latest: "1.0.0", versions: ["1.0.0"], stages: { production: null, staging: null } },
  ]);
  // The card again, with the stage as the registry says now (the release body keeps the old one).
  const nowCard = await mlci("models", "show", "scorer@v1.0.0", "--card");
  assert.equal(nowCard.code, 0, nowCard.stderr);
  assert.match(nowCard.stdout, /^# scorer 1\.0\.0\n/);
  assert.match(nowCard.stdout, /\*\*Stage\*\*: production, when this card was written/);
  assert.match(
    (await mlci("models", "show", "scorer@v2.0.0", "--card")).stdout,
    /\*\*Stage\*\*: candidate, on no stage when this card was written \(production is `1\.0\.0`\)/,
  );
  const shown = JSON.parse((await mlci("models", "show", "scorer@v1.1.0", "--json")).stdout);
  assert.equal(shown.release.evaluation.metrics.mae.value, 3.1);
  assert.equal(shown.release.previous.version, "1.0.0");
});

test("a draft left by a dead run is finished with the same version, not a new one", async () => {
  await writeFile(join(repo, "notes.txt"), "a run that dies\n");
  const commit = await commitAll("dying run");
  const forge = new LocalReleaseForge({ repoDir: repo });
  // What a run that died after the tag, the draft and one asset leaves behind.
  await forge.createTag({ name: "other@v9.9.9", commit, message: "not ours" }); // another format: ignored
  assert.equal(await forge.createTag({ name: "models/other/1.1.0", commit, message: "other 1.1.0" }), "created");
  const draft = await forge.createDraftRelease({
    tag: "models/other/1.1.0",
    commit,
    title: "other 1.1.0",
    body: "...",
  });
  await forge.uploadReleaseAsset(draft, {
    name: "other.onnx",
    bytes: await readFile(join(repo, "models/other.onnx")),
    contentType: "x",
  });
  assert.match((await mlci("models", "show", "other@1.1.0")).stdout, /DRAFT/);

  const resumed = await mlci("release", "--model", "other");
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /released other 1\.1\.0 as models\/other\/1\.1\.0/);
  assert.match(resumed.stderr, /finishing the draft release/);
  assert.match(resumed.stderr, /asset other\.onnx already uploaded/);
  const release = await forge.findRelease("models/other/1.1.0");
  assert.equal(release?.draft, false);
  assert.deepEqual(
    release?.assets.map((a) => a.name),
    ["MODEL_CARD.md", "other.onnx", "release.json"],
  );
});

test("the card names files from the repository root, with mlci.yml in a subdirectory; gates and slices on it", async () => {
  // ml/mlci.yml names files relative to ml/; evaluation.json names its data relative to where
  // mlci evaluate ran (the root); the card shows every path from the root.
  const top = await newRepository("mlci-registry-sub-");
  const shared = repo;
  try {
    await mkdir(join(top, "ml"));
    await mkdir(join(top, "data"));
    await copyFile(testModel("scorer-v1.onnx"), join(top, "models/scorer.onnx"));
    await writeFile(join(top, "data/contract.yml"), "columns:\n  distance: {type: numeric}\n");
    await writeFile(
      join(top, "ml/mlci.yml"),
      [
        "data:",
        "  flights: {path: ../data/flights.csv, contract: ../data/contract.yml}",
        "models:",
        "  scorer: {path: ../models/scorer.onnx, data: flights}",
        "",
      ].join("\n"),
    );
    const lineage = {
      schema: "mlci/lineage@1",
      git: { commit: null },
      model: { name: "scorer", path: "../models/scorer.onnx", sha256: await sha256(join(top, "models/scorer.onnx")) },
      command: ["python", "train.py"],
      params: {},
      duration_ms: 1000,
      exit_code: 0,
      peak_memory_bytes: null,
      started_at: "2026-12-05T10:00:00Z",
      data: [
        { path: "../data/train.csv", sha256: "c".repeat(64), bytes: 10 },
        { path: "../data/test.csv", sha256: "d".repeat(64), bytes: 10 },
      ],
    };
    await writeFile(join(top, "ml/lineage.json"), JSON.stringify(lineage));
    await git(top, ["add", "-A"]);
    await git(top, ["commit", "-q", "-m", "model"]);
    repo = top; // the mlci helper runs in `repo`
    const evaluationPath = await writeEvaluation(true);
    const evaluation = JSON.parse(await readFile(evaluationPath, "utf8"));
    evaluation.gates = [
      { metric: "mae", kind: "max", threshold: 3, observed: 3.1, passed: false, reason: "mae 3.1 > 3" },
    ];
    evaluation.passed = false;
    evaluation.slices = [
      {
        column: "origin",
        segment: "ATL",
        rows: 120,
        head: { mae: 4.2 },
        baseline: { mae: 3.5 },
        deltas: { mae: { delta: 0.7, ci_low: 0.2, ci_high: 1.2, significant: true, verdict: "worse" } },
        regressed: true,
      },
      { column: "origin", segment: "ORD", rows: 380, head: { mae: 2.8 }, baseline: { mae: 3.6 }, regressed: false },
    ];
    await writeFile(evaluationPath, JSON.stringify(evaluation));
    const released = await mlci(
      "release",
      "--model",
      "scorer",
      "--config",
      "ml/mlci.yml",
      "--evaluation",
      evaluationPath,
    );
    assert.equal(released.code, 0, released.stderr);
    const dir = join(top, "ml/.mlci/releases/scorer/1.0.0");
    const record = JSON.parse(await readFile(join(dir, "release.json"), "utf8"));
    assert.equal(record.model.path, "models/scorer.onnx");
    assert.equal(record.contract.path, "data/contract.yml");
    assert.deepEqual(
      record.data.map((d: { path: string }) => d.path),
      ["data/train.csv", "data/test.csv"],
    );
    assert.deepEqual(record.evaluation.gates, [
      { metric: "mae", kind: "max", threshold: 3, observed: 3.1, passed: false },
    ]);
    assert.deepEqual(record.evaluation.slices, {
      compared: 2,
      regressed: 1,
      worst: [
        {
          column: "origin",
          segment: "ATL",
          rows: 120,
          metric: "mae",
          baseline: 3.5,
          head: 4.2,
          delta: 0.7,
          ci_low: 0.2,
          ci_high: 1.2,
        },
      ],
    });
    const card = await readFile(join(dir, "MODEL_CARD.md"), "utf8");
    assert.doesNotMatch(card, /\.\.\//, "no path climbs out of the directory of mlci.yml");
    assert.match(card, /`scorer\.onnx` \(from `models\/scorer\.onnx`\)/);
    assert.match(card, /\| test data \(also used by the evaluation\) \| `data\/test\.csv` /);
    assert.match(card, /\| training input +\| `data\/train\.csv` /);
    assert.match(card, /Data contract: `data\/contract\.yml`/);
    assert.match(card, /\*\*1 of 1 gates failed\*\*[\s\S]*\| ❌ fail +\| mae max +\| ≤ 3 +\| +3\.100 \|/);
    assert.match(card, /\*\*1 of 2 segments significantly worse\*\*/);
  } finally {
    repo = shared;
    await rm(top, { recursive: true, force: true });
  }
});

/** The stage tag events of production for scorer, as the registry tests left them. */
async function productionEvents(): Promise<number> {
  return (await git(repo, ["tag", "--list", "scorer@production/*"])).trim().split("\n").filter(Boolean).length;
}

/** The local forge as the CLI opens it, with every release-forge call recorded (method and first argument). */
function recordingOpener(calls: string[], kinds: string[]): ForgeOpener {
  return async (flags, env, purpose) => {
    const forge = await openForge(flags, env, purpose);
    kinds.push(forge.kind);
    const releases = new Proxy(forge.releases, {
      get(target, property) {
        const value = Reflect.get(target, property);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          calls.push(`${String(property)} ${String(args[0])}`);
          return value.apply(target, args);
        };
      },
    });
    return new Proxy(forge, {
      get: (target, property) => (property === "releases" ? releases : Reflect.get(target, property)),
    });
  };
}

test("resolveBaseline downloads a released version into the cache; a stage without one means no baseline", async () => {
  // After the first test: production was rolled back to scorer 1.0.0 (the v1 model).
  const registry = await openRegistry({ config: join(repo, "mlci.yml"), forge: "local" }, openForge, {
    action: "download the baseline model",
    permission: "contents: read",
  });
  const path = (await resolveBaseline({ name: "scorer", ref: "production" }, registry)) ?? assert.fail("no path");
  assert.equal(path, join(repo, ".mlci/cache/models/scorer/1.0.0/scorer.onnx"));
  assert.deepEqual(await readFile(path), await readFile(testModel("scorer-v1.onnx")));
  const byVersion = (await resolveBaseline({ name: "scorer", ref: "v2.0.0" }, registry)) ?? assert.fail("no path");
  assert.deepEqual(await readFile(byVersion), await readFile(testModel("scorer-v2.onnx")));
  assert.throws(
    () => referencedModel(registry, { name: undefined, ref: "production" }, undefined, "--baseline"),
    (error: unknown) => error instanceof ProblemError && /which model\? mlci\.yml has 2 models/.test(error.message),
  );
  const warnings: string[] = [];
  const warn = (w: string) => warnings.push(w);
  assert.equal(await resolveBaseline({ name: "other", ref: "production" }, registry, warn), undefined);
  assert.deepEqual(warnings, ["other has no version on production: evaluating without a baseline"]);
  await assert.rejects(resolveBaseline({ name: "other", ref: "v7.0.0" }, registry), /other has no version "v7\.0\.0"/);
});

test("a baseline from the flag or mlci.yml is resolved once, where --forge says, and a file of that name wins", async () => {
  const file = join(repo, "mlci-baseline.yml");
  const text = (await readFile(join(repo, "mlci.yml"), "utf8"))
    .replace("    path: models/scorer.onnx\n", "    path: models/scorer.onnx\n    baseline: production\n")
    .replace("    path: models/other.onnx\n", "    path: models/other.onnx\n    baseline: production\n");
  await writeFile(file, text);
  const parsed = parseMlciConfig(text, file);
  assert.ok(parsed.ok);
  const loaded = { config: parsed.value, file, dir: repo };
  // Inside GitHub Actions, but --forge local: the local registry, and no GitHub token is asked for.
  const env = { GITHUB_ACTIONS: "true" };
  const calls: string[] = [];
  const kinds: string[] = [];
  const opener = recordingOpener(calls, kinds);

  // The flag overrides mlci.yml's `baseline: production`: one resolution, not one for each.
  const flags = { name: "scorer", baseline: "scorer@production", forge: "local", target: "delay" };
  const settings = await withReleasedBaseline(resolveSettings(flags, loaded), loaded, flags, opener, env);
  assert.equal(settings.baselinePath, join(repo, ".mlci/cache/models/scorer/1.0.0/scorer.onnx"));
  // The version it is goes into evaluation.json (baseline.release): the report names it, not a hash.
  assert.deepEqual(settings.baselineVersion, { version: "1.0.0", tag: "scorer@v1.0.0", stage: "production" });
  assert.deepEqual(kinds, ["local"]);
  // The version is resolved once and that version downloaded: the version tags, the stage tags and
  // one read of each stage event (3 git calls with one event), nothing read twice.
  const gitCalls = calls.filter((c) => c.startsWith("listTags") || c.startsWith("getTag"));
  assert.deepEqual(gitCalls, [
    "listTags scorer@v",
    "listTags scorer@production/",
    ...gitCalls.slice(2).filter((c) => c.startsWith("getTag scorer@production/")),
  ]);
  assert.equal(gitCalls.length, 2 + (await productionEvents()));
  assert.equal(new Set(calls).size, calls.length, `a call repeated: ${calls.join(", ")}`);

  // From mlci.yml alone; a stage that holds nothing yet is no baseline, with a warning.
  const scorer = await withReleasedBaseline(
    resolveSettings({ name: "scorer", target: "delay" }, loaded),
    loaded,
    { forge: "local" },
    opener,
    env,
  );
  assert.equal(scorer.baselinePath, join(repo, ".mlci/cache/models/scorer/1.0.0/scorer.onnx"));
  assert.equal(loaded.config.models.scorer?.baseline, "production", "the loaded configuration is not mutated");
  const warnings: string[] = [];
  const other = await withReleasedBaseline(
    resolveSettings({ name: "other", target: "delay", data: "d.csv" }, loaded),
    loaded,
    { forge: "local", name: "other" },
    opener,
    env,
    (w) => warnings.push(w),
  );
  assert.equal(other.baselinePath, undefined, "nothing in production yet: no baseline");
  assert.equal(other.baselineVersion, undefined);
  assert.equal(warnings.length, 1);

  // A model file is used as it is, also one named like a stage.
  const model = join(repo, "models/scorer.onnx");
  const asFile = await withReleasedBaseline(
    resolveSettings({ ...flags, baseline: model }, loaded),
    loaded,
    flags,
    opener,
    env,
  );
  assert.equal(asFile.baselinePath, model);
  assert.equal(asFile.baselineVersion, undefined, "a file is no released version");
  await copyFile(model, join(repo, "production"));
  calls.length = 0;
  const named = await withReleasedBaseline(
    resolveSettings({ name: "scorer", target: "delay" }, loaded),
    loaded,
    flags,
    opener,
    env,
  );
  assert.equal(
    named.baselinePath,
    join(repo, "production"),
    "baseline: production in mlci.yml, and a file of that name",
  );
  await rm(join(repo, "production"));
  assert.deepEqual(calls, [], "a file is not looked up in the registry");
});
