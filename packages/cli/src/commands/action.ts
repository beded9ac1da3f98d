import { ProblemError } from "@mlci/core/problem.js";
import { type ActionAdapter, loadActionAdapter } from "../action/adapter.js";
import type { Environment } from "../action/inputs.js";
import { passThroughAdapter } from "../action/pass-through-adapter.js";
import { fitSummary } from "../action/summary-limit.js";
import { ExitCode } from "../exit-codes.js";
import { type CommandContext, registerCommand, runCli } from "../program.js";
import { checkRunnerFiles } from "../runner-files.js";

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
  await checkRunnerFiles(environment);
  const commandExitCode = await runCli(adapter.argv(environment), context.io, context.openForge);
  const outcome = await adapter.finish(commandExitCode, environment);
  const summary = outcome.summary !== undefined && environment.GITHUB_STEP_SUMMARY ? outcome.summary : undefined;
  if (Object.keys(outcome.outputs).length === 0 && summary === undefined) return outcome.exitCode;
  // Loaded only here, when there is something to write: about 0.2 s that a step stopped by a usage
  // error (bad input, unknown command) does not pay.
  const core = await import("@actions/core");
  // @actions/core writes outputs with a random delimiter to GITHUB_OUTPUT (no injection through values).
  for (const [name, value] of Object.entries(outcome.outputs)) core.setOutput(name, value);
  if (summary !== undefined) await core.summary.addRaw(fitSummary(summary), true).write();
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
      const adapter = (await loadActionAdapter(command)) ?? passThroughAdapter(command);
      const exitCode = await runAction(adapter, process.env, context);
      if (exitCode !== ExitCode.ok) context.setExitCode(exitCode);
    });
});
