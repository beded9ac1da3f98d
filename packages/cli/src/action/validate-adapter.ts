import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { CheckResult, ValidationResult } from "@mlci/core/contract/validation-result.js";
import { ProblemError } from "@mlci/core/problem.js";
import { parseValidation } from "@mlci/report/parse-results.js";
import { renderValidationMarkdown } from "@mlci/report/validation-markdown.js";
import { ExitCode } from "../exit-codes.js";
import type { ActionAdapter, ActionOutcome } from "./adapter.js";
import { type Environment, readChoice, readInput, readLines } from "./inputs.js";

/** When the step fails: on a failed error-level check (default), on any failed check, or never. */
export const FAIL_ON = ["error", "warn", "never"] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** Where validation.json goes when the `result` input is empty (relative to the workspace). */
export const DEFAULT_VALIDATION_RESULT = ".mlci-out/validation.json";

/**
 * The step's exit code from the validation: `mlci validate` itself fails only on error-level checks,
 * so `warn` looks at the warnings too, and `never` reports without failing the job.
 */
export function validationExitCode(
  validation: { readonly checks: readonly Pick<CheckResult, "passed" | "severity">[] },
  failOn: FailOn,
): ExitCode {
  if (failOn === "never") return ExitCode.ok;
  const failedErrors = validation.checks.some((check) => !check.passed && check.severity === "error");
  const failedWarnings = validation.checks.some((check) => !check.passed && check.severity === "warn");
  if (failedErrors || (failOn === "warn" && failedWarnings)) return ExitCode.failed;
  return ExitCode.ok;
}

function resultPath(environment: Environment): string {
  return readInput(environment, "result") ?? DEFAULT_VALIDATION_RESULT;
}

async function readValidation(path: string): Promise<ValidationResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new ProblemError({
      kind: "input",
      message: `mlci validate wrote no result file at ${path}`,
      location: { file: path },
    });
  }
  // The file is read as data (a step after the command may have replaced it): the one schema decides.
  const parsed = parseValidation(text, path);
  if (!parsed.ok) throw new ProblemError(parsed.error);
  return parsed.value;
}

export const validateAdapter: ActionAdapter = {
  command: "validate",
  argv(environment) {
    readChoice(environment, "fail-on", FAIL_ON, "error"); // reject a bad value before any work
    const argv = ["validate"];
    const data = readInput(environment, "data");
    if (data !== undefined) argv.push(data); // else the dataset of mlci.yml
    const schema = readInput(environment, "schema");
    if (schema !== undefined) argv.push("--schema", schema);
    const config = readInput(environment, "config");
    if (config !== undefined) argv.push("--config", config);
    argv.push("--out", resultPath(environment), ...readLines(environment, "args"));
    return argv;
  },
  async finish(commandExitCode, environment): Promise<ActionOutcome> {
    // Exit 2: the command could not answer (its message is already in the log); nothing to report.
    if (commandExitCode === ExitCode.usage) return { outputs: {}, exitCode: commandExitCode };
    const path = resolve(resultPath(environment));
    const validation = await readValidation(path);
    const failOn = readChoice(environment, "fail-on", FAIL_ON, "error");
    return {
      outputs: { passed: String(validation.passed), result: path },
      summary: renderValidationMarkdown(validation),
      exitCode: validationExitCode(validation, failOn),
    };
  },
};
