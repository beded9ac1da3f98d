import { ProblemError } from "@mlci/core";
import { type Forge, GitHubForge, LocalForge } from "@mlci/forge";
import type { GitHubEnvironment } from "./github-env.js";
import { maskToken } from "./secrets.js";

/** The forge flags shared by the commands that write comments and issues. */
export interface ForgeChoice {
  /** github or local; default: github inside GitHub Actions, local elsewhere. */
  readonly forge?: string | undefined;
  readonly forgeDir?: string | undefined;
  /** The login that writes the comments, when GET /user cannot tell (GitHub App tokens). */
  readonly author?: string | undefined;
}

/** What the forge is opened for, so a missing token or repository is explained in those terms. */
export interface ForgePurpose {
  /** e.g. "post the report", "open the drift issue". */
  readonly action: string;
  /** The `permissions:` entry the job needs, e.g. "pull-requests: write". */
  readonly permission: string;
}

/** Opens the forge that comments and issues go to: the local one, or GitHub with a token and a repository. */
export function openForge(
  choice: ForgeChoice,
  github: GitHubEnvironment,
  token: string | undefined,
  purpose: ForgePurpose,
): Forge {
  const kind = choice.forge ?? (github.inActions ? "github" : "local");
  if (kind === "local") return new LocalForge({ dir: choice.forgeDir ?? ".mlci/forge" });
  if (kind !== "github") {
    throw new ProblemError({
      kind: "usage",
      message: `unknown forge "${kind}"`,
      fix: "use --forge github or --forge local",
    });
  }
  if (!token) {
    throw new ProblemError({
      kind: "config",
      message: `no GitHub token to ${purpose.action} with`,
      // The escaped \${{ }} is a workflow expression the user copies into their YAML.
      fix: `set GITHUB_TOKEN in the step's env (GITHUB_TOKEN: \${{ github.token }}) with permissions ${purpose.permission}, or pass --token`,
    });
  }
  if (!github.repository) {
    throw new ProblemError({
      kind: "config",
      message: `GITHUB_REPOSITORY is not set, so mlci cannot tell which repository to ${purpose.action} in`,
      fix: "run inside GitHub Actions, or set GITHUB_REPOSITORY=owner/repo",
    });
  }
  maskToken(token);
  return new GitHubForge({
    token,
    repository: github.repository,
    apiUrl: github.apiUrl,
    ...(choice.author ? { author: choice.author } : {}),
    warn: (message) => process.stderr.write(`mlci: ${message}\n`),
  });
}
