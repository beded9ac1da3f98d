import { spawn } from "node:child_process";
import { constants } from "node:os";
import { PeakMemorySampler } from "./peak-memory.js";

/** What to run: argv without a shell, or one command line through `sh -c`. */
export type TrainCommand = { readonly argv: readonly string[] } | { readonly shell: string };

export interface CommandOutcome {
  /** The command's exit code; 128 + signal number when a signal ended it (as shells report it). */
  readonly exitCode: number;
  readonly signal: NodeJS.Signals | null;
  readonly durationMs: number;
  readonly peakMemoryBytes: number | null;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly onStdout: (text: string) => void;
  readonly onStderr: (text: string) => void;
  /** Monotonic clock in milliseconds; injectable for tests. */
  readonly now?: () => number;
}

/** The argv run (and recorded in lineage.json) for a command; a command line goes to the platform's shell. */
export function commandArgv(command: TrainCommand, platform: NodeJS.Platform = process.platform): string[] {
  if ("argv" in command) return [...command.argv];
  return platform === "win32" ? ["cmd.exe", "/d", "/s", "/c", command.shell] : ["sh", "-c", command.shell];
}

/**
 * Runs the training command, streaming its output as it comes, and measures it. A command that
 * cannot start (not found, not executable) is reported as exit code 127, as a shell would.
 */
export function runCommand(command: TrainCommand, options: RunOptions): Promise<CommandOutcome> {
  const now = options.now ?? (() => performance.now());
  const [file, ...args] = commandArgv(command);
  const started = now();
  return new Promise((resolve) => {
    // Its own process group (POSIX), so a signal reaches the whole tree: `sh -c "pip install && python
    // train.py"` keeps the shell as parent, and a signal to the shell alone would orphan python.
    const ownGroup = process.platform !== "win32";
    const child = spawn(file as string, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: ownGroup,
    });
    const sampler = child.pid === undefined ? undefined : new PeakMemorySampler(child.pid);
    // A cancelled CI job or Ctrl-C stops mlci; the training must stop with it, not run on orphaned.
    const forward = (signal: NodeJS.Signals) => {
      try {
        if (ownGroup && child.pid !== undefined) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // The group is already gone: nothing left to stop.
      }
    };
    const forwarded: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
    for (const signal of forwarded) process.on(signal, forward);
    const stopForwarding = () => {
      for (const signal of forwarded) process.off(signal, forward);
    };
    child.stdout.setEncoding("utf8").on("data", options.onStdout);
    child.stderr.setEncoding("utf8").on("data", options.onStderr);
    child.on("error", (error: NodeJS.ErrnoException) => {
      stopForwarding();
      sampler?.stop();
      options.onStderr(`mlci: cannot start ${file}: ${error.message}\n`);
      resolve({ exitCode: 127, signal: null, durationMs: now() - started, peakMemoryBytes: null });
    });
    child.on("close", (code, signal) => {
      stopForwarding();
      const peakMemoryBytes = sampler ? sampler.stop() : null;
      const exitCode = code ?? 128 + signalNumber(signal);
      resolve({ exitCode, signal, durationMs: now() - started, peakMemoryBytes });
    });
  });
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return (signal && constants.signals[signal]) ?? 1;
}
