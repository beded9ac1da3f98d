// A small runner of composite actions for tests: it executes an action.yml the way GitHub's runner does
// for the parts the project relies on, so a test proves what a workflow would see.
//  - inputs: `with:` values, else the input's default; expressions (`${{ }}`) are evaluated with GitHub's
//    own expression engine (@actions/expressions) against the contexts inputs, steps, github, env, runner;
//  - `run:` steps: the script in a file run by `bash --noprofile --norc -eo pipefail` (GitHub's `bash`),
//    with the step's `env:`, GITHUB_ACTION_PATH, a fresh GITHUB_OUTPUT file per step (its
//    `name=value` and `name<<DELIMITER` lines become steps.<id>.outputs), one GITHUB_STEP_SUMMARY file for
//    the job, GITHUB_WORKSPACE as the working directory, and `if:` and `working-directory:` honoured;
//  - `uses:` steps are not run: a test gives a stub per action (by its name before `@`) that returns the
//    step's outputs; an action without a stub fails the run, so nothing is silently skipped;
//  - after a failing step, only steps whose `if:` calls a status function (success(), failure(),
//    always(), cancelled()) may run, as on GitHub; an `if:` without one means `success() && (...)`
//    (no `continue-on-error`; nothing is ever cancelled); the steps skipped after a failure are not
//    in the result's `steps`;
//    the action's `outputs:` are evaluated at the end, as the runner does.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { data, Evaluator, Lexer, Parser } from "@actions/expressions";
import type { FunctionDefinition } from "@actions/expressions/funcs/info";
import { parse } from "yaml";
import { scratchDir } from "./scratch.js";

type Strings = Record<string, string>;

interface StepDefinition {
  id?: string;
  name?: string;
  if?: string;
  run?: string;
  shell?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  "working-directory"?: string;
}

interface ActionDefinition {
  inputs?: Record<string, { default?: unknown; required?: boolean }>;
  outputs?: Record<string, { value?: string }>;
  runs: { using: string; steps: StepDefinition[] };
}

/** Stands in for a `uses:` step: receives its evaluated `with:` and returns its outputs. */
export type UsesStub = (inputs: Strings) => Strings;

export interface CompositeRunOptions {
  /** Path of the action.yml to run. */
  readonly action: string;
  /** The step's `with:` in the calling workflow. */
  readonly with?: Strings;
  /** Stubs for `uses:` steps, keyed by action name without the ref (e.g. "actions/cache"). */
  readonly uses?: Record<string, UsesStub>;
  /** The job's working directory (GITHUB_WORKSPACE). */
  readonly workspace: string;
  /** Extra environment of the job (e.g. PATH, GITHUB_TOKEN). */
  readonly env?: Strings;
  /** The `github` context beyond what the runner derives (e.g. token). */
  readonly github?: Record<string, unknown>;
}

export interface StepRecord {
  readonly id: string;
  readonly name: string;
  readonly skipped: boolean;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The environment the step's script saw (run steps) or the `with:` it got (uses steps). */
  readonly env: Strings;
}

export interface CompositeRunResult {
  /** True when every step that ran succeeded. */
  readonly succeeded: boolean;
  readonly outputs: Strings;
  /** What the steps appended to GITHUB_STEP_SUMMARY. */
  readonly summary: string;
  readonly steps: readonly StepRecord[];
}

const CONTEXTS = ["inputs", "steps", "github", "env", "runner"];
const EXPRESSION = /\$\{\{(.*?)\}\}/gs;

const STATUS_FUNCTION = /\b(success|failure|always|cancelled)\s*\(/;

/** success(), failure(), always() and cancelled() for a job that has (or has not) had a failing step. */
function statusFunctions(failed: boolean): Map<string, FunctionDefinition> {
  const status = (name: string, value: boolean): [string, FunctionDefinition] => [
    name,
    { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) },
  ];
  return new Map([
    status("success", !failed),
    status("failure", failed),
    status("always", true),
    status("cancelled", false),
  ]);
}

function evaluate(expression: string, contexts: Record<string, unknown>, failed = false): data.ExpressionData {
  const lexed = new Lexer(expression).lex();
  const functions = statusFunctions(failed);
  const parsed = new Parser(lexed.tokens, CONTEXTS, [...functions.values()]).parse();
  const context = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
  return new Evaluator(parsed, context, functions).evaluate();
}

/** A string with `${{ }}` parts replaced by their values, as the runner does for `with:`, `env:` and outputs. */
export function interpolate(text: string, contexts: Record<string, unknown>): string {
  return text.replace(EXPRESSION, (_, expression: string) => evaluate(expression, contexts).coerceString());
}

/**
 * An `if:` is an expression with or without the `${{ }}` around it; without a status function it
 * holds only while no step has failed, as GitHub's implicit `success() &&`.
 */
function condition(text: string | undefined, contexts: Record<string, unknown>, failed: boolean): boolean {
  if (text === undefined) return !failed;
  const bare = text.trim().replace(/^\$\{\{(.*)\}\}$/s, "$1");
  if (failed && !STATUS_FUNCTION.test(bare)) return false;
  const result = evaluate(bare, contexts, failed);
  return result.kind === data.Kind.Boolean ? (result as data.BooleanData).value : result.coerceString() !== "";
}

function interpolateAll(values: Record<string, unknown> | undefined, contexts: Record<string, unknown>): Strings {
  const out: Strings = {};
  for (const [key, value] of Object.entries(values ?? {})) out[key] = interpolate(String(value ?? ""), contexts);
  return out;
}

/** Parses a GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` ... `DELIMITER` blocks. */
export function parseOutputFile(text: string): Strings {
  const outputs: Strings = {};
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = "", delimiter] = heredoc;
      const value: string[] = [];
      index++;
      while (index < lines.length && lines[index] !== delimiter) value.push(lines[index++] ?? "");
      if (index >= lines.length) throw new Error(`GITHUB_OUTPUT: no closing delimiter for "${name}"`);
      outputs[name] = value.join("\n");
    } else if (line.includes("=")) {
      const at = line.indexOf("=");
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return outputs;
}

function resolveInputs(action: ActionDefinition, given: Strings, github: Record<string, unknown>): Strings {
  const inputs: Strings = {};
  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    const value = given[name] ?? interpolate(String(spec.default ?? ""), { github });
    if (spec.required && value === "") throw new Error(`input "${name}" is required`);
    inputs[name] = value;
  }
  for (const name of Object.keys(given)) {
    if (!(name in inputs)) throw new Error(`the action has no input "${name}"`);
  }
  return inputs;
}

export function runCompositeAction(options: CompositeRunOptions): CompositeRunResult {
  const actionFile = resolve(options.action);
  const actionPath = dirname(actionFile);
  const action = parse(readFileSync(actionFile, "utf8")) as ActionDefinition;
  if (action.runs?.using !== "composite") throw new Error(`${options.action} is not a composite action`);
  const temp = scratchDir("mlci-composite-");
  const summaryFile = join(temp, "step-summary.md");
  writeFileSync(summaryFile, "");
  const github = { action_path: actionPath, workspace: options.workspace, token: "", ...options.github };
  const runner = { os: "Linux", arch: "X64", temp };
  const inputs = resolveInputs(action, options.with ?? {}, github);
  const steps: Record<string, { outputs: Strings; outcome: string; conclusion: string }> = {};
  const records: StepRecord[] = [];
  let succeeded = true;

  for (const [index, step] of action.runs.steps.entries()) {
    const id = step.id ?? `__step${index}`;
    const name = step.name ?? step.uses ?? step.run ?? id;
    const contexts = { inputs, steps, github, runner, env: options.env ?? {} };
    if (!condition(step.if, contexts, !succeeded)) {
      steps[id] = { outputs: {}, outcome: "skipped", conclusion: "skipped" };
      // After a failure the skipped steps are left out: the last record stays the failing step
      // unless a status-function step ran after it.
      if (succeeded) records.push({ id, name, skipped: true, exitCode: 0, stdout: "", stderr: "", env: {} });
      continue;
    }
    let record: StepRecord;
    let outputs: Strings;
    if (step.uses !== undefined) {
      const actionName = step.uses.split("@")[0] ?? step.uses;
      const stub = options.uses?.[actionName];
      if (!stub) throw new Error(`no stub for \`uses: ${step.uses}\` (step ${name})`);
      const withValues = interpolateAll(step.with, contexts);
      outputs = stub(withValues);
      record = { id, name, skipped: false, exitCode: 0, stdout: "", stderr: "", env: withValues };
    } else {
      if (step.shell !== "bash") throw new Error(`step ${name}: only \`shell: bash\` is supported`);
      const outputFile = join(temp, `output-${index}`);
      const scriptFile = join(temp, `step-${index}.sh`);
      writeFileSync(outputFile, "");
      writeFileSync(scriptFile, step.run ?? "");
      const env: Strings = {
        ...(options.env ?? {}),
        GITHUB_ACTIONS: "true",
        GITHUB_ACTION_PATH: actionPath,
        GITHUB_WORKSPACE: options.workspace,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        RUNNER_TEMP: temp,
        RUNNER_OS: runner.os,
        RUNNER_ARCH: runner.arch,
        ...interpolateAll(step.env, contexts),
      };
      const cwd = step["working-directory"]
        ? resolve(options.workspace, interpolate(step["working-directory"], contexts))
        : options.workspace;
      mkdirSync(cwd, { recursive: true });
      const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", scriptFile], {
        cwd,
        env,
        encoding: "utf8",
      });
      outputs = parseOutputFile(readFileSync(outputFile, "utf8"));
      record = {
        id,
        name,
        skipped: false,
        exitCode: result.status ?? 1,
        stdout: result.stdout,
        stderr: result.stderr,
        env,
      };
    }
    records.push(record);
    const outcome = record.exitCode === 0 ? "success" : "failure";
    steps[id] = { outputs, outcome, conclusion: outcome };
    if (record.exitCode !== 0) succeeded = false;
  }

  const contexts = { inputs, steps, github, runner, env: options.env ?? {} };
  const outputs: Strings = {};
  for (const [name, spec] of Object.entries(action.outputs ?? {}))
    outputs[name] = interpolate(spec.value ?? "", contexts);
  return { succeeded, outputs, summary: readFileSync(summaryFile, "utf8"), steps: records };
}
