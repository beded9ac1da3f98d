/**
 * What a GitHub Actions run tells a step through its environment: the repository, the API and web
 * hosts (GitHub Enterprise Server has its own), the run, and the event payload. Read in one place so
 * every command understands a workflow the same way.
 */

import { readFile } from "node:fs/promises";
import { ProblemError } from "@mlci/core/problem.js";

export interface GitHubEnvironment {
  /** GITHUB_ACTIONS=true: running as a workflow step. */
  readonly inActions: boolean;
  /** owner/repo from GITHUB_REPOSITORY. */
  readonly repository: { owner: string; repo: string } | undefined;
  readonly apiUrl: string;
  readonly serverUrl: string;
  readonly runId: string | undefined;
  readonly eventName: string | undefined;
  readonly eventPath: string | undefined;
  readonly token: string | undefined;
  readonly stepSummary: string | undefined;
}

export function readGitHubEnvironment(env: NodeJS.ProcessEnv = process.env): GitHubEnvironment {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  return {
    inActions: env.GITHUB_ACTIONS === "true",
    repository: owner && repo ? { owner, repo } : undefined,
    apiUrl: env.GITHUB_API_URL || "https://api.github.com",
    serverUrl: env.GITHUB_SERVER_URL || "https://github.com",
    runId: env.GITHUB_RUN_ID || undefined,
    eventName: env.GITHUB_EVENT_NAME || undefined,
    eventPath: env.GITHUB_EVENT_PATH || undefined,
    token: env.GITHUB_TOKEN || undefined,
    stepSummary: env.GITHUB_STEP_SUMMARY || undefined,
  };
}

/** The link to this workflow run, when the run is known. */
export function runUrl(github: GitHubEnvironment): string | undefined {
  if (!github.repository || !github.runId) return undefined;
  return `${github.serverUrl}/${github.repository.owner}/${github.repository.repo}/actions/runs/${github.runId}`;
}

/** The event payload (GITHUB_EVENT_PATH), or undefined outside a workflow. */
export async function readEventPayload(github: GitHubEnvironment): Promise<Record<string, unknown> | undefined> {
  if (!github.eventPath) return undefined;
  try {
    return JSON.parse(await readFile(github.eventPath, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new ProblemError({
      kind: "input",
      message: `cannot read the event payload: ${(error as Error).message}`,
      location: { file: github.eventPath },
      fix: "GITHUB_EVENT_PATH must name the JSON file GitHub Actions writes for the event",
    });
  }
}

export interface PullRequestRef {
  readonly number: number;
  readonly headSha: string;
  /** The commit of the base branch (pull_request events only). */
  readonly baseSha?: string;
}

/** The pull request of a pull_request / pull_request_target event (or an issue_comment on a PR). */
export function pullRequestFromEvent(payload: Record<string, unknown> | undefined): PullRequestRef | undefined {
  const pr = payload?.pull_request as
    | { number?: unknown; head?: { sha?: unknown }; base?: { sha?: unknown } }
    | undefined;
  if (pr && typeof pr.number === "number") {
    return {
      number: pr.number,
      headSha: typeof pr.head?.sha === "string" ? pr.head.sha : "",
      ...(typeof pr.base?.sha === "string" ? { baseSha: pr.base.sha } : {}),
    };
  }
  const issue = payload?.issue as { number?: unknown; pull_request?: unknown } | undefined;
  if (issue && typeof issue.number === "number" && issue.pull_request) return { number: issue.number, headSha: "" };
  return undefined;
}

export interface WorkflowRunRef {
  readonly headSha: string;
  readonly htmlUrl: string | undefined;
  /** Pull requests GitHub linked to the run; empty for pull requests from forks. */
  readonly pullRequests: readonly number[];
}

export function workflowRunFromEvent(payload: Record<string, unknown> | undefined): WorkflowRunRef | undefined {
  const run = payload?.workflow_run as
    | { head_sha?: unknown; html_url?: unknown; pull_requests?: { number?: unknown }[] }
    | undefined;
  if (!run || typeof run.head_sha !== "string") return undefined;
  return {
    headSha: run.head_sha,
    htmlUrl: typeof run.html_url === "string" ? run.html_url : undefined,
    pullRequests: (run.pull_requests ?? []).map((p) => p.number).filter((n): n is number => typeof n === "number"),
  };
}
