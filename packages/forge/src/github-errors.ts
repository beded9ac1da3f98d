/**
 * Turns Octokit's request errors into problems a user can act on. The important one is 403 "Resource
 * not accessible by integration": the workflow's token lacks a permission, and the fix is one line of
 * `permissions:` in the workflow, which the message names.
 */
import { type Problem, ProblemError } from "@mlci/core/problem.js";
import { redactSecrets } from "@mlci/core/redact.js";

/** GitHub's fine-grained permission names (as in X-Accepted-GitHub-Permissions) -> workflow keys. */
const WORKFLOW_PERMISSION_KEYS: Record<string, string> = {
  actions: "actions",
  checks: "checks",
  contents: "contents",
  deployments: "deployments",
  issues: "issues",
  metadata: "metadata",
  packages: "packages",
  pages: "pages",
  pull_requests: "pull-requests",
  statuses: "statuses",
};

export interface FailedCall {
  /** What mlci was doing, as a verb phrase: "create the report comment on #12". */
  readonly action: string;
  /** The `permissions:` entry this call needs, e.g. "pull-requests: write". */
  readonly permission?: string;
}

interface OctokitLikeError {
  readonly status?: number;
  readonly message?: string;
  readonly response?: { readonly headers?: Record<string, string | number | undefined>; readonly data?: unknown };
}

/** The first alternative of X-Accepted-GitHub-Permissions ("issues=write; pull_requests=write"). */
export function permissionFromHeader(header: string | undefined): string | undefined {
  const first = header?.split(";")[0]?.split(",")[0]?.trim();
  if (!first) return undefined;
  const [name = "", level = "write"] = first.split("=");
  const key = WORKFLOW_PERMISSION_KEYS[name.trim()] ?? name.trim().replace(/_/g, "-");
  return `${key}: ${level.trim()}`;
}

function apiMessage(error: OctokitLikeError): string {
  const data = error.response?.data as { message?: unknown } | undefined;
  if (data && typeof data.message === "string") return data.message;
  return error.message ?? String(error);
}

/** `secrets` (the token) are redacted from the message: an error body may echo what was sent. */
export function translateGitHubError(
  error: unknown,
  call: FailedCall,
  apiUrl: string,
  secrets: readonly string[] = [],
): ProblemError {
  const e = (error ?? {}) as OctokitLikeError;
  const status = typeof e.status === "number" ? e.status : undefined;
  const message = redactSecrets(apiMessage(e), secrets);
  let problem: Problem;
  if (status === 403 && !/rate limit/i.test(message)) {
    const header = e.response?.headers?.["x-accepted-github-permissions"];
    const permission = call.permission ?? permissionFromHeader(typeof header === "string" ? header : undefined);
    problem = {
      kind: "config",
      message: `GitHub refused to ${call.action}: ${message} (HTTP 403)${permission ? `; the token lacks "${permission}"` : ""}`,
      fix: permission
        ? `add to the job in the workflow:\n    permissions:\n      ${permission}\n  On pull requests from forks the token is read-only whatever the workflow asks: post from the workflow_run template (workflows-templates/ml-pr-comment.yml), see docs/report.md`
        : "give the token the permission this call needs (see docs/report.md)",
    };
  } else if (status === 401) {
    problem = {
      kind: "config",
      message: `GitHub rejected the token while trying to ${call.action}: ${message} (HTTP 401)`,
      fix: "pass a valid token in GITHUB_TOKEN or with --token",
    };
  } else if (status === 404) {
    problem = {
      kind: "config",
      message: `GitHub answered 404 Not Found to ${call.action}`,
      fix: "check GITHUB_REPOSITORY and the number, and that the token can read the repository",
    };
  } else if (status === undefined || (status === 500 && e.response === undefined)) {
    // Octokit reports a request that got no answer at all (connection refused, DNS, TLS) as a 500
    // without a response: the API was not reached, which "GitHub answered 500" would misstate.
    problem = {
      kind: "input",
      message: `cannot reach GitHub at ${apiUrl} to ${call.action}: ${message}`,
      fix: `check the network, and that GITHUB_API_URL (${apiUrl}) is GitHub's API: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server`,
    };
  } else {
    problem = {
      kind: "input",
      message: `GitHub answered ${status} to ${call.action} (after retries): ${message}`,
      fix: "run the job again later; GitHub may be degraded",
    };
  }
  return new ProblemError(problem, { cause: error });
}
