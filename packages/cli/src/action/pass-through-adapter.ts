import type { ActionAdapter } from "./adapter.js";
import { readLines } from "./inputs.js";

/**
 * For a command without its own adapter: runs `mlci <command>` with the `args` input, one argument
 * per line (no shell splitting), and passes its exit code through.
 */
export function passThroughAdapter(command: string): ActionAdapter {
  return {
    command,
    argv: (environment) => [command, ...readLines(environment, "args")],
    finish: async (exitCode) => ({ outputs: { "exit-code": String(exitCode) }, exitCode }),
  };
}
