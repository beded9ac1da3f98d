/**
 * The files the Actions runner gives a step to write to: GITHUB_OUTPUT (step outputs) and
 * GITHUB_STEP_SUMMARY (the job summary). A command that will write one checks it first, before it
 * posts a comment or publishes a release: failing afterwards would leave the work done and the step
 * red, with the outputs the next steps need missing.
 */
import { appendFile, stat } from "node:fs/promises";
import { ProblemError } from "@mlci/core/problem.js";

const RUNNER_FILES = ["GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"] as const;

/** Refuses (exit 2) a runner file that is named but cannot be written: not a regular file, or no way to create it. */
export async function checkRunnerFiles(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  for (const variable of RUNNER_FILES) {
    const file = env[variable];
    if (!file) continue;
    const why = await unwritable(file);
    if (why) {
      throw new ProblemError({
        kind: "config",
        message: `${variable} names ${file}, which ${why}; nothing was posted or written`,
        fix: `run inside GitHub Actions (the runner creates ${variable} for each step), or unset ${variable}`,
      });
    }
  }
}

/** Why `file` cannot take a step's output, or undefined. Appending nothing proves it (and creates it, as the runner would). */
async function unwritable(file: string): Promise<string | undefined> {
  try {
    const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (info && !info.isFile()) return "is not a regular file";
    await appendFile(file, "");
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? "is in a directory that does not exist" : `cannot be written (${code ?? "error"})`;
  }
}
