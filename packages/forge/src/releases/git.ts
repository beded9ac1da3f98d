import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** Identity for annotated tags when the repository has none configured (fresh CI clones). */
const FALLBACK_IDENTITY = { name: "mlci", email: "mlci@users.noreply.github.com" };

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    readonly exitCode: number | undefined,
  ) {
    super(`git ${args.join(" ")} failed${exitCode !== undefined ? ` (exit ${exitCode})` : ""}: ${stderr.trim()}`);
    this.name = "GitError";
  }
}

/** Runs git in `cwd` without a shell (arguments are never interpreted) and returns stdout. */
export async function git(cwd: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await execFileAsync("git", [...args], {
      cwd,
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; code?: number | string; message: string };
    throw new GitError(args, e.stderr ?? e.message, typeof e.code === "number" ? e.code : undefined);
  }
}

/** The commit HEAD points at. */
export async function headCommit(cwd: string): Promise<string> {
  return (await git(cwd, ["rev-parse", "HEAD"])).trim();
}

/** Environment that gives git an author/committer when the repository has none. */
export async function identityEnv(cwd: string): Promise<NodeJS.ProcessEnv> {
  const configured = await git(cwd, ["config", "user.email"]).then(
    (out) => out.trim() !== "",
    () => false,
  );
  if (configured) return {};
  return {
    GIT_AUTHOR_NAME: FALLBACK_IDENTITY.name,
    GIT_AUTHOR_EMAIL: FALLBACK_IDENTITY.email,
    GIT_COMMITTER_NAME: FALLBACK_IDENTITY.name,
    GIT_COMMITTER_EMAIL: FALLBACK_IDENTITY.email,
  };
}
