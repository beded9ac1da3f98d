/**
 * The one place a command gets its forge: comments, issues and the release registry alike. Commands
 * call it through their context (`ctx.openForge`), so a test hands in another opener instead of
 * changing module state.
 */
import { join, resolve } from "node:path";
import { ProblemError } from "@mlci/core";
import { DEFAULT_LOCAL_FORGE_DIR, type Forge, GitHubForge, LocalForge } from "@mlci/forge";
import { readGitHubEnvironment } from "./github-env.js";
import { maskToken } from "./secrets.js";

/** The forge flags of the commands that talk to a forge. */
export interface ForgeFlags {
  /** github or local; default: github inside GitHub Actions, local elsewhere. */
  readonly forge?: string | undefined;
  /** Directory of the local forge; default: .mlci/forge in the repository. */
  readonly forgeDir?: string | undefined;
  /** Default: GITHUB_TOKEN. */
  readonly token?: string | undefined;
  /** The login that writes the comments, when GET /user cannot tell (GitHub App tokens). */
  readonly author?: string | undefined;
  /** The repository: the directory of mlci.yml, whose git tags are the local registry. Default: the working directory. */
  readonly repoDir?: string | undefined;
}

/** What the forge is opened for, so a missing token or repository is explained in those terms. */
export interface ForgePurpose {
  /** e.g. "post the report", "open the drift issue". */
  readonly action: string;
  /** The `permissions:` entry the job needs, e.g. "pull-requests: write". */
  readonly permission: string;
}

export type ForgeOpener = (flags: ForgeFlags, env: NodeJS.ProcessEnv, purpose: ForgePurpose) => Promise<Forge>;

/** `--forge`, else GitHub inside GitHub Actions, else the local forge. */
export function forgeKind(flags: ForgeFlags, env: NodeJS.ProcessEnv): string {
  return flags.forge ?? (env.GITHUB_ACTIONS === "true" ? "github" : "local");
}

/** The local forge, or GitHub with a token and a repository from the environment. */
export const openForge: ForgeOpener = async (flags, env, purpose) => {
  const github = readGitHubEnvironment(env);
  const kind = forgeKind(flags, env);
  if (kind === "local") {
    const repoDir = resolve(flags.repoDir ?? ".");
    // A --forge-dir is relative to where the user stands; the default lives in the repository.
    return new LocalForge({
      repoDir,
      dir: flags.forgeDir ? resolve(flags.forgeDir) : join(repoDir, DEFAULT_LOCAL_FORGE_DIR),
    });
  }
  if (kind !== "github") {
    throw new ProblemError({
      kind: "usage",
      message: `unknown forge "${kind}"`,
      fix: "use --forge github or --forge local",
    });
  }
  const token = flags.token ?? github.token;
  if (!token) {
    throw new ProblemError({
      kind: "config",
      message: `no GitHub token to ${purpose.action} with`,
      // The escaped \${{ }} is a workflow expression the user copies into their YAML.
      fix: `set GITHUB_TOKEN in the step's env (GITHUB_TOKEN: \${{ github.token }}) with permissions ${purpose.permission}; off GitHub, use --forge local`,
    });
  }
  if (!github.repository) {
    throw new ProblemError({
      kind: "config",
      message: `GITHUB_REPOSITORY is not set, so mlci cannot tell which repository to ${purpose.action} in`,
      fix: "run inside GitHub Actions, or set GITHUB_REPOSITORY=owner/repo",
    });
  }
  maskToken(token, env);
  return new GitHubForge({
    token,
    repository: github.repository,
    apiUrl: github.apiUrl,
    ...(flags.author ? { author: flags.author } : {}),
    warn: (message) => process.stderr.write(`mlci: ${message}\n`),
  });
};
