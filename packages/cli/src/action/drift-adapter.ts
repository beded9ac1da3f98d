import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type DriftReport, parseDriftReport } from "@mlci/core/drift/drift-file.js";
import { summaryTable } from "@mlci/core/drift/drift-issue.js";
import { ProblemError } from "@mlci/core/problem.js";
import { ExitCode } from "../exit-codes.js";
import type { ActionAdapter, ActionOutcome } from "./adapter.js";
import { type Environment, readChoice, readInput, readLines, requireInput } from "./inputs.js";

/** Where drift.json goes when the `result` input is empty (relative to the workspace). */
export const DEFAULT_DRIFT_RESULT = ".mlci-out/drift.json";

const BOOLEAN = ["true", "false"] as const;

function resultPath(environment: Environment): string {
  return readInput(environment, "result") ?? DEFAULT_DRIFT_RESULT;
}

/** The job summary of a drift run: the verdict, then the table of features. */
export function driftSummaryMarkdown(report: DriftReport): string {
  const tested = Object.keys(report.features).length;
  const verdict = report.drifted
    ? `**Dataset drift**: ${report.drifted_features.length} of ${tested} features drifted (share ${report.share.toFixed(2)} >= ${report.share_threshold}).`
    : `No dataset drift: ${report.drifted_features.length} of ${tested} features drifted (threshold ${report.share_threshold}).`;
  return `## mlci drift\n\n${verdict}\n\n${summaryTable(report)}\n`;
}

export const driftAdapter: ActionAdapter = {
  command: "drift",
  argv(environment) {
    readChoice(environment, "fail-on-drift", BOOLEAN, "true");
    const argv = [
      "drift",
      "--reference",
      requireInput(environment, "reference"),
      "--current",
      requireInput(environment, "current"),
      "--out",
      resultPath(environment),
    ];
    const config = readInput(environment, "config");
    if (config !== undefined) argv.push("--config", config);
    if (readChoice(environment, "open-issue", BOOLEAN, "false") === "true") {
      argv.push("--open-issue", "--forge", "github");
      const model = readInput(environment, "model-name");
      if (model !== undefined) argv.push("--model-name", model);
      const closeAfter = readInput(environment, "close-after");
      if (closeAfter !== undefined) argv.push("--close-after", closeAfter);
    }
    argv.push(...readLines(environment, "args"));
    return argv;
  },
  async finish(commandExitCode, environment): Promise<ActionOutcome> {
    if (commandExitCode === ExitCode.usage) return { outputs: {}, exitCode: commandExitCode };
    const path = resolve(resultPath(environment));
    let value: unknown;
    try {
      value = JSON.parse(await readFile(path, "utf8"));
    } catch {
      throw new ProblemError({ kind: "input", message: `mlci drift wrote no readable drift.json at ${path}` });
    }
    // The file may be a stale one from another mlci version: its shape is checked before it is summarised.
    const parsed = parseDriftReport(value, path);
    if (!parsed.ok) throw new ProblemError(parsed.error);
    const report = parsed.value;
    const failOnDrift = readChoice(environment, "fail-on-drift", BOOLEAN, "true") === "true";
    return {
      outputs: { drifted: String(report.drifted), share: String(report.share), result: path },
      summary: driftSummaryMarkdown(report),
      exitCode: report.drifted && failOnDrift ? ExitCode.failed : ExitCode.ok,
    };
  },
};
