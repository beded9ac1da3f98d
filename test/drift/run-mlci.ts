import { runCliCaptured } from "../support/in-process-cli.js";

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `mlci ARGS` in this process, as the built binary would run them. The drift tests are about what
 * the commands compute and print, not about the process: a process per run cost a CLI start-up each
 * (dozens of runs here). The tests that are about the process (the token outside Actions) spawn it.
 */
export async function runMlci(args: readonly string[]): Promise<CliRun> {
  const run = await runCliCaptured(args);
  return { status: run.code, stdout: run.stdout, stderr: run.stderr };
}
