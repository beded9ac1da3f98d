#!/usr/bin/env node
// Writes .github/workflows/ of the example from workflows-templates/: the templates with the model's
// name, the paths that trigger them, Node instead of Python (the example trains with Node), the train
// action's dependency install, and data/later.parquet standing in for production data. Run it after
// a template changes; a test checks the committed workflows are what it writes.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const templates = join(here, "../../workflows-templates");
const PATHS = `    paths:
      - mlci.yml
      - schema.yml
      - "*.mjs"
      - "lib/**"
      - "data/**"
      - package.json`;
const NODE = `      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0
        with:
          node-version: 24`;
const INSTALL = `          setup: npm install --no-audit --no-fund
          dependency-files: package.json`;

/** [from, to] replacements per template; each `from` must occur, so a changed template is noticed. */
const RECIPES = {
  "ml-pr.yml": [
    [/ {4}paths:\n(?: {6}- .*\n)+/, `${PATHS}\n`],
    ["MLCI_MODEL: my-model", "MLCI_MODEL: flights-delay"],
    [/ {6}- uses: actions\/setup-python@\S+ # v\S+\n {8}with:\n {10}python-version: "3.12"/, NODE],
    ["          setup: pip install -r requirements.txt", INSTALL],
  ],
  "ml-pr-comment.yml": [],
  "ml-release.yml": [
    [/ {4}paths:\n(?: {6}- .*\n)+/, `${PATHS}\n`],
    [/default: my-model/, "default: flights-delay"],
    ["inputs.model || 'my-model'", "inputs.model || 'flights-delay'"],
    [
      "      # Train in CI. (When the model file is committed instead, drop this step and upload its path.)\n",
      `${NODE}\n\n      # Train in CI. (When the model file is committed instead, drop this step and upload its path.)\n`,
    ],
    [/( {6}- name: Train\n(?: {8}.*\n)*? {10}name: \$\{\{ env\.MLCI_MODEL \}\}\n)/, `$1${INSTALL}\n`],
  ],
  "ml-drift.yml": [
    ["MLCI_MODEL: my-model", "MLCI_MODEL: flights-delay"],
    [
      "current: data/production/latest/*.parquet",
      "current: data/later.parquet # stands in for the newest production data",
    ],
  ],
};

export function instantiate(name) {
  let text = readFileSync(join(templates, name), "utf8");
  for (const [from, to] of RECIPES[name]) {
    const found = typeof from === "string" ? text.includes(from) : from.test(text);
    if (!found) throw new Error(`workflows-templates/${name} no longer contains ${from}: update this recipe`);
    text = text.replace(from, to);
  }
  return `# Instantiated from workflows-templates/${name} by instantiate-workflows.mjs: edit the template, then rerun.\n${text}`;
}

export const WORKFLOWS = Object.keys(RECIPES);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = join(here, ".github", "workflows");
  mkdirSync(out, { recursive: true });
  for (const name of WORKFLOWS) {
    writeFileSync(join(out, name), instantiate(name));
    console.log(`wrote ${join(".github/workflows", name)}`);
  }
}
