import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { modelFileOf, type ReleaseReference } from "@mlci/core/evaluation/types.js";
import { ProblemError } from "@mlci/core/problem.js";
import { gatesSection } from "@mlci/report/gates-section.js";
import { verdictLine } from "@mlci/report/headline.js";
import { metricsSection } from "@mlci/report/metrics-section.js";
import { parseEvaluation } from "@mlci/report/parse-results.js";
import { costSection } from "@mlci/report/sections.js";
import { regressedSlicesSection } from "@mlci/report/slices-section.js";
import { ExitCode } from "../exit-codes.js";
import type { ActionAdapter, ActionOutcome } from "./adapter.js";
import { type Environment, readChoice, readInput, readLines } from "./inputs.js";

/**
 * When the step fails: when a gate fails (default), or never (report only). `error` and `warn`, the
 * values of validate's fail-on (and the root action's default), mean the same as `gate`: fail when the
 * evaluation's answer is no.
 */
export const EVALUATE_FAIL_ON = ["gate", "never", "error", "warn"] as const;

/** Where evaluation.json goes when the `result` input is empty (relative to the workspace). */
export const DEFAULT_EVALUATION_RESULT = ".mlci-out/evaluation.json";

function resultPath(environment: Environment): string {
  return readInput(environment, "result") ?? DEFAULT_EVALUATION_RESULT;
}

/** Inputs that map one to one onto a flag of `mlci evaluate`. */
const FLAG_INPUTS = [
  ["model", "--model"],
  ["data", "--data"],
  ["target", "--target"],
  ["task", "--task"],
  ["features", "--features"],
  ["baseline", "--baseline"],
  ["predictions", "--predictions"],
  ["config", "--config"],
  ["name", "--name"],
] as const;

/**
 * The key the action saves the downloaded baseline models under (actions/evaluate/action.yml): the
 * release the baseline resolved to and the digest of its model, so a new release or a replaced asset
 * is a new key. Empty when the baseline was no released model (a file, or none).
 */
export function baselineCacheKey(
  baseline: { readonly release?: ReleaseReference; readonly model: Parameters<typeof modelFileOf>[0] } | null,
): string {
  const file = modelFileOf(baseline?.model);
  if (!baseline?.release || !file) return "";
  // Cache keys may not hold commas; a tag is a repository's own name but keep the key plain anyway.
  const release = (baseline.release.tag ?? baseline.release.version).replace(/[^A-Za-z0-9._@/+-]/g, "_");
  return `mlci-baseline-${release}-${file.sha256}`;
}

export const evaluateAdapter: ActionAdapter = {
  command: "evaluate",
  argv(environment) {
    readChoice(environment, "fail-on", EVALUATE_FAIL_ON, "gate"); // reject a bad value before any work
    const argv = ["evaluate"];
    for (const [input, flag] of FLAG_INPUTS) {
      const value = readInput(environment, input);
      if (value !== undefined) argv.push(flag, value);
    }
    for (const slice of readLines(environment, "slices")) argv.push("--slice", slice);
    // A CI log is not a terminal: no progress bar.
    argv.push("--out", resultPath(environment), "--no-progress", ...readLines(environment, "args"));
    return argv;
  },
  async finish(commandExitCode, environment): Promise<ActionOutcome> {
    if (commandExitCode === ExitCode.usage) return { outputs: {}, exitCode: commandExitCode };
    const path = resolve(resultPath(environment));
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch {
      throw new ProblemError({
        kind: "input",
        message: `mlci evaluate wrote no result file at ${path}`,
        location: { file: path },
      });
    }
    const parsed = parseEvaluation(text, path);
    if (!parsed.ok) throw new ProblemError(parsed.error);
    const evaluation = parsed.value;
    const failOn = readChoice(environment, "fail-on", EVALUATE_FAIL_ON, "gate");
    const summary = [
      `## Model evaluation: ${evaluation.name}`,
      verdictLine(evaluation),
      metricsSection(evaluation),
      gatesSection(evaluation),
      regressedSlicesSection(evaluation),
      costSection(evaluation),
    ]
      .filter((part) => part.trim().length > 0)
      .join("\n\n");
    return {
      outputs: {
        passed: String(evaluation.passed),
        result: path,
        "baseline-cache-key": baselineCacheKey(evaluation.baseline),
      },
      summary: `${summary}\n`,
      exitCode: failOn !== "never" && !evaluation.passed ? ExitCode.failed : ExitCode.ok,
    };
  },
};
