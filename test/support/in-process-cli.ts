/**
 * Runs the CLI in this process, as `mlci ARGS` would, with its output captured: the exit code and
 * everything written to stdout and stderr. A spawned `mlci` costs a Node start-up and the loading of
 * DuckDB and onnxruntime each time; in this process they load once per test file. Tests about the
 * process itself (signals, what a child inherits, the real stdout) spawn the binary instead.
 */
import { type Io, runCli } from "@mlci/cli/program.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Set empty for a run outside any workflow: the CLI would otherwise record a commit, write step outputs... */
export const OUTSIDE_A_WORKFLOW: Readonly<Record<string, string>> = {
  GITHUB_ACTIONS: "",
  GITHUB_SHA: "",
  GITHUB_OUTPUT: "",
};

export interface InProcessOptions {
  /** Working directory of the run (restored afterwards); the test file's own by default. */
  readonly cwd?: string;
  /** Variables set for the run (undefined unsets one); restored afterwards. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export async function runCliCaptured(
  args: readonly string[],
  opener?: Parameters<typeof runCli>[2],
  options: InProcessOptions = {},
): Promise<CliRun> {
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
  const restore = enter(options);
  try {
    const code = await runCli(args, io, opener);
    return { code, stdout, stderr };
  } finally {
    restore();
  }
}

/**
 * Moves this process into the run's directory and environment; returns what undoes it. Runs must not
 * overlap (node:test runs the tests of a file one at a time unless told otherwise).
 */
function enter({ cwd, env = {} }: InProcessOptions): () => void {
  const directory = process.cwd();
  const saved = Object.keys(env).map((name) => [name, process.env[name]] as const);
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  if (cwd !== undefined) process.chdir(cwd);
  return () => {
    if (cwd !== undefined) process.chdir(directory);
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
