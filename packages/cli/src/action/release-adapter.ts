import { readFile } from "node:fs/promises";
import { releaseRecordSchema } from "@mlci/core/release/release-record.js";
import { renderModelCard } from "@mlci/report/model-card.js";
import type { ExitCode } from "../exit-codes.js";
import type { ActionAdapter } from "./adapter.js";
import { type Environment, readChoice, readInput, readLines } from "./inputs.js";

/** Where release.json goes when the `result` input is empty (relative to the workspace). */
export const DEFAULT_RELEASE_RESULT = ".mlci-out/release.json";

/** `mlci release` from the release action's inputs (each an INPUT_* variable, never spliced into a script). */
export function releaseArgv(environment: Environment): string[] {
  const argv = ["release"];
  const option = (input: string, flag: string) => {
    const value = readInput(environment, input);
    if (value !== undefined) argv.push(flag, value);
  };
  option("model", "--model");
  option("version", "--version");
  option("evaluation", "--evaluation");
  option("profile", "--profile");
  option("lineage", "--lineage");
  option("config", "--config");
  argv.push("--forge", readChoice(environment, "forge", ["github", "local"] as const, "github"));
  if (readChoice(environment, "dry-run", ["true", "false"] as const, "false") === "true") argv.push("--dry-run");
  argv.push("--output", readInput(environment, "result") ?? DEFAULT_RELEASE_RESULT);
  return [...argv, ...readLines(environment, "args")];
}

/** The model card of what was released (or already was), for the job summary. */
async function summaryOf(environment: Environment): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(readInput(environment, "result") ?? DEFAULT_RELEASE_RESULT, "utf8");
  } catch {
    return undefined; // a dry run or a failed release writes no release.json: the log says why
  }
  const parsed = releaseRecordSchema.safeParse(JSON.parse(text));
  return parsed.success ? renderModelCard(parsed.data) : undefined;
}

export const releaseAdapter: ActionAdapter = {
  command: "release",
  argv: releaseArgv,
  async finish(exitCode: ExitCode, environment: Environment) {
    const summary = await summaryOf(environment);
    return { outputs: { "exit-code": String(exitCode) }, exitCode, ...(summary ? { summary } : {}) };
  },
};
