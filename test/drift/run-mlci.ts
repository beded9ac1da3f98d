import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../../packages/cli/bin/mlci.js", import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `mlci` binary as a user would. */
export function runMlci(args: readonly string[], cwd?: string): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
