import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { type ActionsRuntimeDouble, startActionsRuntimeDouble } from "./support/actions-runtime-double/server.js";
import { releasedActionCheckout } from "./support/released-action.js";
import { scratchDir } from "./support/scratch.js";
import { zipEntries } from "./support/zip-entries.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
// A released ref of the action (test/support/released-action): the action runs its bundle, extracted
// into this tool cache on the first run, from a checkout without mlci's sources.
const actionMain = join(releasedActionCheckout(), "actions/train/main.mjs");
const toolCache = scratchDir("mlci-tool-cache-");
const actionYml = parse(readFileSync(join(root, "actions/train/action.yml"), "utf8")) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
};
const tinyModel = join(root, "test/fixtures/train/tiny.onnx");

const sha256 = (content: Buffer | string) => createHash("sha256").update(content).digest("hex");

/** Runs the action's entry as the runner runs a JavaScript action: inputs and runtime in env. */
function runAction(
  project: string,
  home: string,
  double: ActionsRuntimeDouble,
  inputs: Record<string, string>,
): Promise<{ code: number | null; log: string; outputs: Record<string, string>; summary: string }> {
  const outputFile = join(scratchDir("mlci-action-out-"), "output");
  const summaryFile = `${outputFile}.summary`;
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    GITHUB_ACTIONS: "true",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_WORKSPACE: project,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
    RUNNER_OS: "Linux",
    RUNNER_TEMP: scratchDir("mlci-runner-temp-"),
    RUNNER_TOOL_CACHE: toolCache,
    ACTIONS_RESULTS_URL: `${double.url}/`,
    ACTIONS_RUNTIME_TOKEN: double.token,
    ACTIONS_CACHE_SERVICE_V2: "true",
  };
  // The runner passes every declared input, with its default when the workflow gives none.
  for (const [name, spec] of Object.entries(actionYml.inputs)) env[`INPUT_${name.toUpperCase()}`] = spec.default ?? "";
  for (const [name, value] of Object.entries(inputs)) {
    assert.ok(name in actionYml.inputs, `input ${name} is not declared in action.yml`);
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [actionMain], { cwd: project, env });
    let log = "";
    child.stdout.on("data", (chunk) => {
      log += chunk;
    });
    child.stderr.on("data", (chunk) => {
      log += chunk;
    });
    child.on("close", (code) => {
      resolve({
        code,
        log,
        outputs: parseOutputs(readFileSync(outputFile, "utf8")),
        summary: readFileSync(summaryFile, "utf8"),
      });
    });
  });
}

/** GITHUB_OUTPUT's `name<<DELIMITER ... DELIMITER` records. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1] as string] = match[3] as string;
  return outputs;
}

describe("actions/train/action.yml", () => {
  it("is a JavaScript action whose every input is read by the code", () => {
    assert.equal(actionYml.runs.using, "node24");
    assert.equal(actionYml.runs.main, "main.mjs");
    const source = readFileSync(join(root, "packages/cli/src/action/train-action.ts"), "utf8");
    const read = new Set([...source.matchAll(/(?:readInput|readLines)\(environment, "([a-z-]+)"\)/g)].map((m) => m[1]));
    assert.deepEqual([...read].sort(), Object.keys(actionYml.inputs).sort());
  });
});

describe("the train action against local doubles of the cache and artifact services", () => {
  let double: ActionsRuntimeDouble;
  let project: string;
  let home: string;
  before(async () => {
    double = await startActionsRuntimeDouble();
    project = scratchDir("mlci-action-project-");
    home = scratchDir("mlci-action-home-");
    mkdirSync(join(project, "data"));
    writeFileSync(join(project, "data/train.csv"), "x,y\n1,2\n3,6\n");
    writeFileSync(join(project, "data/test.csv"), "x,y\n5,10\n");
    writeFileSync(join(project, "package-lock.json"), '{"lockfileVersion":3,"packages":{}}\n');
    writeFileSync(
      join(project, "train.mjs"),
      `import { copyFileSync, mkdirSync } from "node:fs";
console.log("runtime token visible to the command:", process.env.ACTIONS_RUNTIME_TOKEN !== undefined);
mkdirSync("out", { recursive: true });
copyFileSync(${JSON.stringify(tinyModel)}, "out/model.onnx");
`,
    );
    writeFileSync(
      join(project, "mlci.yml"),
      "models:\n  doubler:\n    path: out/model.onnx\n    train:\n      params: {lr: 0.5}\n      data: ['data/*.csv']\n",
    );
  });
  after(async () => {
    await double.close();
  });

  // One "install" that puts a package into npm's download cache under HOME.
  const setup = 'mkdir -p "$HOME/.npm" && echo downloaded > "$HOME/.npm/left-pad.tgz"';

  it("first run: misses both caches, trains, saves both caches and uploads model + lineage", async () => {
    const run = await runAction(project, home, double, { command: "node train.mjs", setup });
    assert.equal(run.code, 0, run.log);
    assert.deepEqual(double.unexpected, []);
    assert.ok(existsSync(join(toolCache, "mlci")), "the bundle was extracted into the tool cache");
    assert.match(run.log, /runtime token visible to the command: false/);
    assert.equal(run.outputs["dependency-cache-hit"], "miss");
    assert.equal(run.outputs["data-cache-hit"], "miss");
    assert.equal(run.outputs["model-path"], "out/model.onnx");
    assert.equal(run.outputs["lineage-path"], "lineage.json");
    assert.equal(run.outputs["artifact-name"], "mlci-model-doubler");
    assert.equal(run.outputs["artifact-id"], "1");

    const dataFingerprint = `${sha256("x,y\n5,10\n")}  data/test.csv\n${sha256("x,y\n1,2\n3,6\n")}  data/train.csv\n`;
    const lockFingerprint = `${sha256('{"lockfileVersion":3,"packages":{}}\n')}  package-lock.json\n`;
    assert.deepEqual(
      double.caches.map((c) => [c.key, c.finalized]),
      [
        [`mlci-deps-linux-doubler-${sha256(lockFingerprint)}`, true],
        [`mlci-data-linux-doubler-${sha256(dataFingerprint)}`, true],
      ],
    );

    const [artifact] = double.artifacts;
    assert.ok(artifact?.finalized);
    const files = zipEntries(double.blobs.get(artifact.blob) as Buffer);
    assert.deepEqual([...files.keys()].sort(), ["lineage.json", "out/model.onnx"]);
    assert.ok((files.get("out/model.onnx") as Buffer).equals(readFileSync(tinyModel)));
    const lineage = JSON.parse((files.get("lineage.json") as Buffer).toString("utf8"));
    assert.equal(lineage.model.sha256, sha256(readFileSync(tinyModel)));
    assert.deepEqual(lineage.command, ["sh", "-c", "node train.mjs"]);
    assert.deepEqual(lineage.params, { lr: 0.5 });
    assert.equal(lineage.git.commit, "0123456789abcdef0123456789abcdef01234567");
    assert.match(run.summary, /Trained doubler/);
    assert.deepEqual(Object.keys(run.outputs).sort(), Object.keys(actionYml.outputs).sort(), "outputs as declared");
  });

  it("second run, nothing changed: exact hits, nothing saved again", async () => {
    rmSync(join(home, ".npm"), { recursive: true });
    const run = await runAction(project, home, double, {
      command: "node train.mjs",
      "artifact-name": "second",
      setup: 'test -f "$HOME/.npm/left-pad.tgz"',
    });
    assert.equal(run.code, 0, run.log);
    assert.deepEqual(double.unexpected, []);
    assert.equal(run.outputs["dependency-cache-hit"], "exact");
    assert.equal(run.outputs["data-cache-hit"], "exact");
    assert.equal(double.caches.length, 2, "an exact hit saves nothing");
  });

  it("changed lock file and a missing data file: partial hits restore the newest caches", async () => {
    writeFileSync(join(project, "package-lock.json"), '{"lockfileVersion":3,"packages":{"x":{}}}\n');
    rmSync(join(home, ".npm"), { recursive: true });
    rmSync(join(project, "data/test.csv"));
    const run = await runAction(project, home, double, { command: "node train.mjs", "artifact-name": "third", setup });
    assert.equal(run.code, 0, run.log);
    assert.deepEqual(double.unexpected, []);
    assert.equal(run.outputs["dependency-cache-hit"], "partial");
    assert.equal(run.outputs["data-cache-hit"], "partial");
    assert.equal(readFileSync(join(project, "data/test.csv"), "utf8"), "x,y\n5,10\n", "restored from the data cache");
    assert.ok(existsSync(join(home, ".npm/left-pad.tgz")));
    // A new dependency cache for the new lock file; the restored data is what was cached: no new data cache.
    assert.equal(double.caches.length, 3);
    assert.match(double.caches[2]?.key ?? "", /^mlci-deps-linux-doubler-/);
  });

  it("an artifact name already used in the run fails the step with a clear error (exit 2)", async () => {
    const run = await runAction(project, home, double, { command: "node train.mjs", "artifact-name": "second" });
    assert.equal(run.code, 2, run.log);
    assert.match(run.log, /::error::mlci train: CreateArtifact: response from backend was not ok/);
    assert.equal(double.artifacts.filter((a) => a.name === "second").length, 1);
  });

  it("a failing training command fails the step with exit 1 and uploads nothing", async () => {
    const artifactsBefore = double.artifacts.length;
    const run = await runAction(project, home, double, { command: "exit 4", "artifact-name": "fourth" });
    assert.equal(run.code, 1, run.log);
    assert.match(run.log, /::error::mlci train: the training command failed/);
    assert.equal(double.artifacts.length, artifactsBefore);
  });
});
