import * as core from "@actions/core";
import { ProblemError } from "@mlci/core";
import { type ActionAdapter, findActionAdapter, passThroughAdapter } from "../action/index.js";
import type { Environment } from "../action/inputs.js";
import { fitSummary } from "../action/summary-limit.js";
import { ExitCode } from "../exit-codes.js";
import { type CommandContext, registerCommand, runCli } from "../program.js";

/** The commands the root action.yml dispatches to (its `command` input). */
export const ACTION_COMMANDS = ["validate", "evaluate", "report", "release", "drift", "train", "profile"] as const;

/**
 * Runs one command as an action step: inputs in, outputs and job summary out. Returns the step's exit
 * code. Tokens are masked by the command that sends one to GitHub, not here: a command that never
 * uses the token (validate, train) never prints it, not even in a mask.
 */
export async function runAction(
  adapter: ActionAdapter,
  environment: Environment,
  context: CommandContext,
): Promise<ExitCode> {
  const commandExitCode = await runCli(adapter.argv(environment), context.io, context.openForge);
  const outcome = await adapter.finish(commandExitCode, environment);
  // @actions/core writes outputs with a random delimiter to GITHUB_OUTPUT (no injection through values).
  for (const [name, value] of Object.entries(outcome.outputs)) core.setOutput(name, value);
  if (outcome.summary !== undefined && environment.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(fitSummary(outcome.summary), true).write();
  }
  return outcome.exitCode;
}

registerCommand((program, context) => {
  program
    .command("action")
    .description(
      "entry point of the GitHub actions: runs COMMAND with the step's inputs (INPUT_* variables), sets its outputs and writes the job summary",
    )
    .argument("<command>", ACTION_COMMANDS.join(" | "))
    .action(async (command: string) => {
      if (!(ACTION_COMMANDS as readonly string[]).includes(command)) {
        throw new ProblemError({
          kind: "usage",
          message: `"${command}" is not a command the action runs`,
          fix: `set the action input \`command\` to one of ${ACTION_COMMANDS.join(", ")}`,
        });
      }
      const adapter = findActionAdapter(command) ?? passThroughAdapter(command);
      const exitCode = await runAction(adapter, process.env, context);
      if (exitCode !== ExitCode.ok) context.setExitCode(exitCode);
    });
});
