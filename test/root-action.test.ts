// The root action.yml is the one entry for every command: it must offer every input and output of the
// per-command composite actions under actions/, and pass every input to the CLI through env only.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { interpolate } from "./support/composite-runner.js";

interface ActionFile {
  inputs?: Record<string, { default?: unknown; description?: string }>;
  outputs?: Record<string, { value?: string }>;
  runs: { using: string; steps?: { run?: string; env?: Record<string, string> }[] };
}

const read = (path: string) => parse(readFileSync(path, "utf8")) as ActionFile;
const root = read("action.yml");
const rootRun = root.runs.steps?.at(-1);

/** The composite actions under actions/ that run one `mlci action <command>`. */
function commandActions(): { name: string; action: ActionFile }[] {
  return readdirSync("actions")
    .map((name) => ({ name, action: read(join("actions", name, "action.yml")) }))
    .filter(
      ({ action }) =>
        action.runs.using === "composite" &&
        (action.runs.steps ?? []).some((step) => /mlci\.mjs" action \w+/.test(step.run ?? "")),
    );
}

test("the root action offers every input and output of the per-command actions", () => {
  const actions = commandActions();
  // Every per-command action of the repository: the train action is a JavaScript action, not composite.
  assert.deepEqual(actions.map((a) => a.name).sort(), ["drift", "evaluate", "release", "report", "validate-data"]);
  for (const { name, action } of actions) {
    for (const input of Object.keys(action.inputs ?? {})) {
      assert.ok(input in (root.inputs ?? {}), `actions/${name} has input "${input}" that action.yml lacks`);
    }
    for (const output of Object.keys(action.outputs ?? {})) {
      assert.ok(output in (root.outputs ?? {}), `actions/${name} has output "${output}" that action.yml lacks`);
    }
  }
});

test("every root input reaches the CLI through env, under the name the adapters read", () => {
  const env = rootRun?.env ?? {};
  for (const input of Object.keys(root.inputs ?? {})) {
    if (input === "token") continue; // given only to some commands: the next test
    const variable = input === "command" ? "MLCI_COMMAND" : `INPUT_${input.toUpperCase().replaceAll("-", "_")}`;
    assert.equal(env[variable], `\${{ inputs.${input} }}`, `${variable} in the run step's env`);
  }
  assert.equal(rootRun?.run, 'node "$GITHUB_ACTION_PATH/scripts/action/mlci.mjs" action "$MLCI_COMMAND"');
});

test("the token reaches only the commands that talk to GitHub: never validate, train or profile", () => {
  const env = rootRun?.env ?? {};
  const talksToGitHub = ["report", "release", "drift", "evaluate"];
  // The commands as the `command` input lists them ("What to run, one of validate, ..., profile.").
  const listed = /one of ([a-z, ]+)\./.exec(String(root.inputs?.command?.description));
  const commands = (listed?.[1] ?? "").split(", ");
  assert.deepEqual([...commands].sort(), ["drift", "evaluate", "profile", "release", "report", "train", "validate"]);
  for (const command of [...commands, "deploy"]) {
    const contexts = { inputs: { command, token: "ghs_secret_value" } };
    const expected = talksToGitHub.includes(command) ? "ghs_secret_value" : "";
    for (const variable of ["INPUT_TOKEN", "GITHUB_TOKEN"]) {
      assert.equal(interpolate(env[variable] ?? "", contexts), expected, `${variable} for ${command}`);
    }
  }
  // Every variable holding the token is one of the two above.
  const carriers = Object.entries(env).filter(([, value]) => value.includes("inputs.token"));
  assert.deepEqual(carriers.map(([name]) => name).sort(), ["GITHUB_TOKEN", "INPUT_TOKEN"]);
});

test("shared inputs default to empty so each command applies its own default; outputs come from the run step", () => {
  for (const [input, spec] of Object.entries(root.inputs ?? {})) {
    if (input === "command" || input === "token") continue;
    assert.equal(spec.default, "", `input "${input}" of action.yml defaults to ""`);
  }
  for (const [output, spec] of Object.entries(root.outputs ?? {})) {
    assert.equal(spec.value, `\${{ steps.run.outputs.${output} }}`);
  }
});

test("downloaded baseline models have one cache: the restore and save steps of actions/evaluate", () => {
  const files = [
    "action.yml",
    ...readdirSync("actions").map((name) => join("actions", name, "action.yml")),
    ...readdirSync("workflows-templates").map((name) => join("workflows-templates", name)),
    ...readdirSync("examples/flights-delay/.github/workflows").map((name) =>
      join("examples/flights-delay/.github/workflows", name),
    ),
  ];
  const caching = files.filter((file) => readFileSync(file, "utf8").includes(".mlci/cache/models"));
  assert.deepEqual(caching, ["actions/evaluate/action.yml"]);
  const steps = (read("actions/evaluate/action.yml").runs.steps ?? []) as {
    uses?: string;
    with?: Record<string, string>;
  }[];
  const cacheSteps = steps.filter((step) => step.with?.path === "**/.mlci/cache/models");
  assert.deepEqual(
    cacheSteps.map((step) => step.uses?.split("@")[0]),
    ["actions/cache/restore", "actions/cache/save"],
  );
});
