/**
 * Runs the CLI in this process, as `mlci ARGS` would, with its output captured: the exit code and
 * everything written to stdout and stderr.
 */
import { type Io, runCli } from "@mlci/cli/program.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCliCaptured(args: readonly string[], opener?: Parameters<typeof runCli>[2]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  };
  const code = await runCli(args, io, opener);
  return { code, stdout, stderr };
}
