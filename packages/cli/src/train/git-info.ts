import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { type Lineage, pullRequestFromRef, type RunInfo } from "@mlci/core/lineage/lineage.js";

const run = promisify(execFile);

/**
 * The commit the model was trained from. In GitHub Actions the environment names it (GITHUB_SHA,
 * GITHUB_HEAD_REF / GITHUB_REF_NAME); elsewhere git is asked. Outside a repository the commit is
 * null rather than an error: training still works, the lineage says it is not traceable.
 */
export async function gitInfo(cwd: string, env: NodeJS.ProcessEnv): Promise<Lineage["git"]> {
  const commit = env.GITHUB_SHA || (await git(cwd, ["rev-parse", "HEAD"]));
  const branch = env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME || (await git(cwd, ["rev-parse", "--abbrev-ref", "HEAD"]));
  const status = env.GITHUB_SHA ? undefined : await git(cwd, ["status", "--porcelain", "--untracked-files=no"]);
  return {
    commit: commit ?? null,
    ...(branch && branch !== "HEAD" ? { branch } : {}),
    ...(status !== undefined ? { dirty: status !== "" } : {}),
  };
}

async function git(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run("git", args, { cwd });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

/** The Actions run that trained the model, when there is one. */
export function runInfo(env: NodeJS.ProcessEnv): RunInfo | undefined {
  const { GITHUB_RUN_ID: id, GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository } = env;
  if (!id || !server || !repository) return undefined;
  const pr = pullRequestFromRef(env.GITHUB_REF);
  return { id, url: `${server}/${repository}/actions/runs/${id}`, ...(pr !== undefined ? { pr } : {}) };
}
