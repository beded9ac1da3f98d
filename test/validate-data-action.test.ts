// actions/validate-data/action.yml run the way GitHub's runner runs it (test/support/composite-runner):
// its real steps compute the cache key and run `mlci action validate`; setup-node and actions/cache are
// stubbed (a cache hit: this checkout is already installed and built).
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { runCompositeAction } from "./support/composite-runner.js";
import { distAsset, releasedActionCheckout } from "./support/released-action.js";
import { scratchDir } from "./support/scratch.js";

const ACTION = "actions/validate-data/action.yml";
const FIXTURES = "test/fixtures/actions/validate-data";

interface CacheCall {
  key: string;
  path: string;
}

function workspace(): string {
  const directory = scratchDir("mlci-validate-action-");
  cpSync(FIXTURES, directory, { recursive: true });
  return directory;
}

function run(inputs: Record<string, string>, directory = workspace()) {
  const cacheCalls: CacheCall[] = [];
  const result = runCompositeAction({
    action: ACTION,
    workspace: directory,
    with: inputs,
    env: { PATH: process.env.PATH ?? "" },
    uses: {
      "actions/setup-node": () => ({ "node-version": process.version }),
      "actions/cache": (given) => {
        cacheCalls.push({ key: given.key ?? "", path: given.path ?? "" });
        return { "cache-hit": "true" };
      },
    },
  });
  return { result, cacheCalls, directory };
}

test("a clean batch passes: outputs, validation.json and a job summary", () => {
  const { result, cacheCalls, directory } = run({ data: "good.csv", schema: "schema.yml" });
  assert.equal(result.succeeded, true, result.steps.map((s) => s.stderr).join("\n"));
  assert.equal(result.outputs.passed, "true");
  assert.equal(result.outputs.result, resolve(directory, ".mlci-out/validation.json"));
  const validation = JSON.parse(readFileSync(result.outputs.result ?? "", "utf8"));
  assert.equal(validation.schema, "mlci/validation@1");
  assert.equal(validation.passed, true);
  assert.match(result.summary, /Data validation: ✅ passed/);
  // The install step is skipped on a cache hit; the cache got a content-hash key and the code's paths.
  assert.deepEqual(
    result.steps.filter((s) => s.skipped).map((s) => s.name),
    ["Install mlci (cache miss)"],
  );
  assert.match(cacheCalls[0]?.key ?? "", /^mlci-action-v1-Linux-X64-node\d+-[0-9a-f]{32}$/);
  assert.ok(cacheCalls[0]?.path.split("\n").includes(resolve("node_modules")));
});

test("a broken batch fails the step with fail-on error, and the summary lists the failed checks", () => {
  const { result } = run({ data: "bad.csv", schema: "schema.yml", result: "out/v.json" });
  assert.equal(result.succeeded, false);
  assert.equal(result.steps.at(-1)?.exitCode, 1);
  assert.equal(result.outputs.passed, "false");
  assert.match(result.outputs.result ?? "", /out\/v\.json$/);
  const failedRows = result.summary.split("\n").filter((line) => /^\| (❌|⚠️)/.test(line));
  assert.deepEqual(
    failedRows.map((line) =>
      line
        .split("|")
        .slice(1, 4)
        .map((cell) => cell.trim()),
    ),
    [
      ["❌", "id", "unique"],
      ["❌", "airport", "allowed"],
      ["❌", "distance", "not_null"],
      ["❌", "distance", "min"],
      ["⚠️", "delay", "max"],
    ],
  );
});

test("fail-on never reports without failing; fail-on warn fails on a warning alone", () => {
  const never = run({ data: "bad.csv", schema: "schema.yml", "fail-on": "never" }).result;
  assert.equal(never.succeeded, true);
  assert.equal(never.outputs.passed, "false");

  // warn-only.csv fails one warn-level check (delay above 600) and nothing else.
  const lenient = run({ data: "warn-only.csv", schema: "schema.yml" }).result;
  assert.equal(lenient.succeeded, true);
  assert.equal(lenient.outputs.passed, "true");
  assert.match(lenient.summary, /⚠️/);
  const strict = run({ data: "warn-only.csv", schema: "schema.yml", "fail-on": "warn" }).result;
  assert.equal(strict.succeeded, false);
  assert.equal(strict.steps.at(-1)?.exitCode, 1);
});

test("inputs are data, never shell: a command in an input is not run", () => {
  const directory = workspace();
  const { result } = run({ data: "$(touch pwned).csv", schema: "schema.yml" }, directory);
  assert.equal(result.succeeded, false);
  assert.equal(result.steps.at(-1)?.exitCode, 2); // the file "$(touch pwned).csv" does not exist
  assert.match(result.steps.at(-1)?.stderr ?? "", /\$\(touch pwned\)\.csv/);
  assert.equal(existsSync(join(directory, "pwned")), false);
  assert.equal(result.outputs.passed, ""); // no answer, no output
});

test("a bad fail-on value is a usage error before any work", () => {
  const { result } = run({ data: "good.csv", schema: "schema.yml", "fail-on": "sometimes" });
  assert.equal(result.steps.at(-1)?.exitCode, 2);
  assert.match(result.steps.at(-1)?.stderr ?? "", /expected one of error, warn, never/);
});

test("the root action dispatches by command, and refuses a command it does not run", () => {
  const directory = workspace();
  const stubs = {
    "actions/setup-node": () => ({}),
    "actions/cache": () => ({ "cache-hit": "true" }),
  };
  const run = (inputs: Record<string, string>) =>
    runCompositeAction({
      action: "action.yml",
      workspace: directory,
      with: inputs,
      env: { PATH: process.env.PATH ?? "" },
      github: { token: "ghs_secret_value" },
      uses: stubs,
    });
  const validated = run({ command: "validate", data: "good.csv", schema: "schema.yml" });
  assert.equal(validated.succeeded, true, validated.steps.map((s) => s.stderr).join("\n"));
  assert.equal(validated.outputs.passed, "true");
  const last = validated.steps.at(-1);
  // validate talks to no API: the workflow's token does not reach it at all (nor appears in its output).
  assert.equal(last?.env.GITHUB_TOKEN, "");
  assert.equal(last?.env.INPUT_TOKEN, "");
  assert.doesNotMatch(`${last?.stdout}${last?.stderr}`, /ghs_secret_value/);

  // profile (ml-release.yml's reference profile for drift) runs with its args, without the token.
  const profiled = run({ command: "profile", args: "good.csv\n--out\n.mlci-out/profile.json" });
  assert.equal(profiled.succeeded, true, profiled.steps.map((s) => s.stderr).join("\n"));
  assert.equal(profiled.outputs["exit-code"], "0");
  assert.equal(profiled.steps.at(-1)?.env.GITHUB_TOKEN, "");
  const profile = JSON.parse(readFileSync(join(directory, ".mlci-out/profile.json"), "utf8")) as { schema: string };
  assert.equal(profile.schema, "mlci/profile@1");

  const refused = run({ command: "deploy" });
  assert.equal(refused.succeeded, false);
  assert.equal(refused.steps.at(-1)?.exitCode, 2);
  assert.match(refused.steps.at(-1)?.stderr ?? "", /"deploy" is not a command the action runs/);
});

test("a released ref runs its bundle: downloaded, checked, extracted into the tool cache once per job", () => {
  const checkout = releasedActionCheckout(); // the action files and release-assets.json, no sources
  const toolCache = scratchDir("mlci-tool-cache-");
  const stepOfJob = () =>
    runCompositeAction({
      action: join(checkout, ACTION),
      workspace: workspace(),
      with: { data: "good.csv", schema: "schema.yml" },
      env: { PATH: process.env.PATH ?? "", RUNNER_TOOL_CACHE: toolCache },
      uses: {
        "actions/setup-node": () => ({ "node-version": process.version }),
        "actions/cache": () => {
          throw new Error("the bundle path restores no cache");
        },
      },
    });
  const { version } = distAsset();
  const installed = join(toolCache, "mlci", version, `${process.platform}-${process.arch}`);
  // What a step killed while extracting left an hour ago goes; a fresh one may be another step's, and stays.
  const stale = `${installed}.partial-Killed`;
  const fresh = `${installed}.partial-Active`;
  for (const dir of [stale, fresh]) mkdirSync(join(dir, "dist"), { recursive: true });
  const anHourAgo = new Date(Date.now() - 3600_000);
  utimesSync(stale, anHourAgo, anHourAgo);
  const first = stepOfJob();
  assert.equal(first.succeeded, true, first.steps.map((s) => s.stdout + s.stderr).join("\n"));
  assert.equal(existsSync(stale), false, "a partial extraction left by a killed step is removed");
  assert.equal(existsSync(fresh), true, "a recent one is left alone");
  assert.equal(first.outputs.passed, "true");
  assert.match(first.summary, /Data validation: ✅ passed/);
  assert.deepEqual(
    first.steps.filter((s) => s.skipped).map((s) => s.name),
    ["Compute the cache key of mlci's code", "Restore mlci's installed code", "Install mlci (cache miss)"],
  );
  assert.match(first.steps[1]?.stdout ?? "", new RegExp(`mlci ${version}: installed in `));
  assert.ok(existsSync(`${installed}.complete`));
  // This platform's natives only, and the bundle: no node_modules.
  assert.deepEqual(readdirSync(installed).sort(), ["LICENSE", "dist", "native", "package.json"]);

  // A later step of the same job finds the marker and runs at once.
  const second = stepOfJob();
  assert.equal(second.succeeded, true);
  assert.match(second.steps[1]?.stdout ?? "", new RegExp(`mlci ${version}: already installed in `));
});

test("a release asset whose sha256 is not the one recorded at release is never run", () => {
  const checkout = releasedActionCheckout({ sha256: "0".repeat(64) });
  const toolCache = scratchDir("mlci-tool-cache-");
  const result = runCompositeAction({
    action: join(checkout, ACTION),
    workspace: workspace(),
    with: { data: "good.csv", schema: "schema.yml" },
    env: { PATH: process.env.PATH ?? "", RUNNER_TOOL_CACHE: toolCache },
    uses: { "actions/setup-node": () => ({}) },
  });
  assert.equal(result.succeeded, false);
  assert.equal(result.steps.at(-1)?.name, "Install mlci");
  assert.equal(result.steps.at(-1)?.exitCode, 2);
  assert.match(result.steps.at(-1)?.stdout ?? "", /sha256 [0-9a-f]{64} is not the 0{64} recorded at release/);
  assert.deepEqual(readdirSync(toolCache), []); // nothing extracted
});
