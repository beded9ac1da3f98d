import type { ActionAdapter } from "./adapter.js";
import { type Environment, readChoice, readInput, readLines } from "./inputs.js";

/** Inputs of actions/report/action.yml that map one to one onto `mlci report` flags. */
const FLAG_INPUTS = [
  ["results", "--results"],
  ["evaluation", "--evaluation"],
  ["validation", "--validation"],
  ["history", "--history"],
  ["out", "--out"],
  ["forge", "--forge"],
  ["pr-file", "--pr-file"],
  ["save-pr", "--save-pr"],
  ["author", "--author"],
] as const;

/**
 * `mlci report` as an action step. Every input is optional here so the root action (which passes
 * everything through `args`) and actions/report (named inputs) share this adapter. The command appends
 * the report to the job summary itself, so the adapter adds none.
 */
export const reportAdapter: ActionAdapter = {
  command: "report",
  argv(environment: Environment) {
    const argv = ["report"];
    for (const [input, flag] of FLAG_INPUTS) {
      const value = readInput(environment, input);
      if (value !== undefined) argv.push(flag, value);
    }
    if (readChoice(environment, "post", ["true", "false"], "false") === "true") argv.push("--post");
    argv.push(...readLines(environment, "args"));
    return argv;
  },
  finish: async (exitCode) => ({ outputs: { "exit-code": String(exitCode) }, exitCode }),
};
