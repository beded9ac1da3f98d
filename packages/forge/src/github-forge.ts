/**
 * The GitHub forge: the only module that imports Octokit. Every call goes through Octokit with
 * plugin-retry (5xx are retried with growing waits) and plugin-throttling (primary and secondary rate
 * limits, 403/429 with retry-after, writes spaced as GitHub asks), and every failure comes back as a
 * ProblemError whose problem names the fix.
 */
import { redactSecrets } from "@mlci/core/redact.js";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import type { CommentRef, Forge, ForgeComment, ForgeIssue, UpsertCommentInput, UpsertResult } from "./forge.js";
import { type FailedCall, translateGitHubError } from "./github-errors.js";
import { hasMarker, withMarker } from "./marker.js";
import { GitHubReleaseForge } from "./releases/github-release-forge.js";
import type { ReleaseForge } from "./releases/release-forge.js";
import { TranslatedReleaseForge } from "./releases/translated-release-forge.js";

/**
 * A request that got no HTTP answer at all (connection refused, DNS, TLS, a blocked port, a timeout):
 * Octokit reports it as a 500 without a response, and plugin-retry would retry it 3 times after 1, 4
 * and 9 s, 14 s of waiting for a wrong GITHUB_API_URL or a network that is down. It gets one quick
 * retry instead (a dropped connection may work the second time); 5xx answers keep the full retries.
 */
const CONNECTION_RETRIES = 1;

function isConnectionFailure(error: unknown): boolean {
  const e = error as { status?: unknown; response?: unknown; request?: unknown };
  return e.request !== undefined && e.response === undefined;
}

/**
 * Caps plugin-retry's retries of a request that did not reach the API. Listed before `retry`, so its
 * error hook runs first and plugin-retry reads the lowered `request.retries`.
 */
const failFastOnConnectionErrors: Parameters<typeof Octokit.plugin>[0] = (octokit) => {
  octokit.hook.error("request", (error, options) => {
    if (isConnectionFailure(error)) {
      const request = options.request ?? {};
      request.retries = Math.min(request.retries ?? CONNECTION_RETRIES, CONNECTION_RETRIES);
      options.request = request;
    }
    throw error;
  });
};

const MlciOctokit = Octokit.plugin(failFastOnConnectionErrors, retry, throttling);
type MlciOctokit = InstanceType<typeof MlciOctokit>;

/** The login behind a workflow's GITHUB_TOKEN (an installation token of the GitHub Actions app). */
export const GITHUB_ACTIONS_LOGIN = "github-actions[bot]";

/** GitHub's public API; GITHUB_API_URL overrides it (GitHub Enterprise Server: https://HOST/api/v3). */
export const DEFAULT_API_URL = "https://api.github.com";

/** How often a rate-limited request is tried again before the error reaches the user. */
const RATE_LIMIT_RETRIES = 2;
/** A primary rate limit that resets later than this (seconds) is reported instead of waited out. */
const MAX_RATE_LIMIT_WAIT_S = 60;
/** GitHub's list endpoints return at most 100 items a page; fewer pages, fewer requests. */
const PER_PAGE = 100;

export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

export interface Identity {
  readonly login: string;
  /** How it was learnt: GET /user, or the github-actions[bot] fallback for installation tokens. */
  readonly source: "api" | "fallback" | "option";
}

export interface GitHubForgeOptions {
  readonly token: string;
  readonly repository: RepoRef;
  /** Default: GITHUB_API_URL as the caller read it, else https://api.github.com. */
  readonly apiUrl?: string;
  /**
   * The login whose comments are ours. Default: asked with GET /user; installation tokens (the
   * workflow's GITHUB_TOKEN, GitHub App tokens) cannot ask, and then github-actions[bot] is assumed.
   * A GitHub App token should pass its bot login here (`my-app[bot]`).
   */
  readonly author?: string;
  /** Warnings (retries, rate limits). Never receives the token. */
  readonly warn?: (message: string) => void;
  /** Milliseconds per second of retry-after and backoff. 1000 in real use; tests shrink it. */
  readonly retryAfterBaseMs?: number;
  /**
   * GitHub asks clients to space content-creating requests (plugin-throttling waits 1 s between writes
   * and 3 s between notification-triggering writes). Default true; tests turn it off.
   */
  readonly spaceWrites?: boolean;
}

// A Bottleneck-like group whose jobs run at once: replaces plugin-throttling's write spacing when
// spaceWrites is false (the plugin accepts its own groups through the `write`/`notifications` options).
// Typed as never: the option's type is Bottleneck's full Group, of which the plugin calls key().schedule().
const unthrottledGroup = {
  key: () => ({ schedule: <T>(_options: unknown, job: () => Promise<T>) => job() }),
} as never;

export class GitHubForge implements Forge {
  readonly kind = "github" as const;
  readonly apiUrl: string;
  readonly releases: ReleaseForge;
  private readonly octokit: MlciOctokit;
  private readonly repo: RepoRef;
  private identityPromise: Promise<Identity> | undefined;
  private readonly author: string | undefined;
  private readonly warn: (message: string) => void;
  /** Redacted from every message this forge produces. */
  private readonly secrets: readonly string[];

  constructor(options: GitHubForgeOptions) {
    this.secrets = [options.token];
    this.apiUrl = (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, "");
    this.repo = options.repository;
    this.author = options.author;
    const warn = (message: string) => options.warn?.(redactSecrets(message, this.secrets));
    this.warn = warn;
    const base = options.retryAfterBaseMs ?? 1000;
    const retryOnLimit =
      (kind: string) =>
      (retryAfter: number, request: { method: string; url: string }, _o: unknown, retryCount: number) => {
        if (retryCount >= RATE_LIMIT_RETRIES || (kind === "primary" && retryAfter > MAX_RATE_LIMIT_WAIT_S)) {
          warn(`GitHub ${kind} rate limit on ${request.method} ${request.url}: giving up after ${retryCount} retries`);
          return false;
        }
        warn(`GitHub ${kind} rate limit on ${request.method} ${request.url}: retrying after ${retryAfter} s`);
        return true;
      };
    this.octokit = new MlciOctokit({
      auth: options.token,
      baseUrl: this.apiUrl,
      userAgent: "mlci",
      log: {
        debug: () => {},
        info: () => {},
        warn: (message: string) => warn(message),
        error: () => {},
      },
      retry: { retryAfterBaseValue: base },
      throttle: {
        retryAfterBaseValue: base,
        onRateLimit: retryOnLimit("primary"),
        onSecondaryRateLimit: retryOnLimit("secondary"),
        ...(options.spaceWrites === false ? { write: unthrottledGroup, notifications: unthrottledGroup } : {}),
      },
    });
    this.releases = new TranslatedReleaseForge(new GitHubReleaseForge(this.octokit, this.repo), (error, call) =>
      translateGitHubError(error, call, this.apiUrl, this.secrets),
    );
  }

  /** Who we are on GitHub, asked once: see GitHubForgeOptions.author. */
  identity(): Promise<Identity> {
    this.identityPromise ??= this.resolveIdentity();
    return this.identityPromise;
  }

  private async resolveIdentity(): Promise<Identity> {
    if (this.author) return { login: this.author, source: "option" };
    try {
      const { data } = await this.octokit.rest.users.getAuthenticated();
      return { login: data.login, source: "api" };
    } catch (error) {
      // Installation tokens get 403 "Resource not accessible by integration" for GET /user.
      if ((error as { status?: number }).status === 403) return { login: GITHUB_ACTIONS_LOGIN, source: "fallback" };
      throw translateGitHubError(error, { action: "read the token's user (GET /user)" }, this.apiUrl, this.secrets);
    }
  }

  private async call<T>(call: FailedCall, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw translateGitHubError(error, call, this.apiUrl, this.secrets);
    }
  }

  /**
   * The head commit of a pull request. The workflow_run flow checks it against the run's head_sha
   * before posting, so an artifact cannot steer the comment to another pull request.
   */
  async pullRequestHead(number: number): Promise<{ sha: string; repository: string }> {
    const { data } = await this.call(
      { action: `read pull request #${number}`, permission: "pull-requests: read" },
      () => this.octokit.rest.pulls.get({ ...this.repo, pull_number: number }),
    );
    return { sha: data.head.sha, repository: data.head.repo?.full_name ?? "" };
  }

  async listIssueComments(issue: number): Promise<ForgeComment[]> {
    const raw = await this.call({ action: `list the comments of #${issue}` }, () =>
      this.octokit.paginate(this.octokit.rest.issues.listComments, {
        ...this.repo,
        issue_number: issue,
        per_page: PER_PAGE,
      }),
    );
    return raw.map((c) => ({
      id: c.id,
      url: c.html_url,
      body: c.body ?? "",
      author: c.user?.login ?? "",
      createdAt: c.created_at,
      updatedAt: c.updated_at,
    }));
  }

  async upsertComment(input: UpsertCommentInput): Promise<UpsertResult> {
    const body = withMarker(input.body, input.marker);
    const me = await this.identity();
    const comments = await this.listIssueComments(input.issue);
    const ours = comments.find((c) => c.author === me.login && hasMarker(c.body, input.marker));
    // Commenting on a pull request needs pull-requests: write (or issues: write); name the usual one.
    const permission = "pull-requests: write";
    if (ours) {
      const { data } = await this.call({ action: `update comment ${ours.id} on #${input.issue}`, permission }, () =>
        this.octokit.rest.issues.updateComment({ ...this.repo, comment_id: ours.id, body }),
      );
      return { id: data.id, url: data.html_url, action: "updated" };
    }
    const { data } = await this.call({ action: `comment on #${input.issue}`, permission }, () =>
      this.octokit.rest.issues.createComment({ ...this.repo, issue_number: input.issue, body }),
    );
    if (me.source === "fallback" && data.user && data.user.login !== me.login) {
      // A GitHub App token: the next run would not recognise this comment as ours.
      this.warn(
        `comments are written as ${data.user.login}, not ${me.login}: pass --author ${data.user.login} so later runs update this comment`,
      );
    }
    return { id: data.id, url: data.html_url, action: "created" };
  }

  async findOpenIssue(input: { label: string; marker: string }): Promise<ForgeIssue | undefined> {
    const me = await this.identity();
    const issues = await this.call({ action: `list open issues labelled ${input.label}` }, () =>
      this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
        ...this.repo,
        state: "open",
        labels: input.label,
        direction: "asc",
        per_page: PER_PAGE,
      }),
    );
    const found = issues.find(
      (i) => i.pull_request === undefined && i.user?.login === me.login && hasMarker(i.body, input.marker),
    );
    return found ? toIssue(found) : undefined;
  }

  async createIssue(input: { title: string; body: string; labels?: readonly string[] }): Promise<ForgeIssue> {
    const { data } = await this.call({ action: `open the issue "${input.title}"`, permission: "issues: write" }, () =>
      this.octokit.rest.issues.create({
        ...this.repo,
        title: input.title,
        body: input.body,
        ...(input.labels ? { labels: [...input.labels] } : {}),
      }),
    );
    return toIssue(data);
  }

  async updateIssue(input: { issue: number; title?: string; body?: string }): Promise<ForgeIssue> {
    const { data } = await this.call({ action: `update issue #${input.issue}`, permission: "issues: write" }, () =>
      this.octokit.rest.issues.update({
        ...this.repo,
        issue_number: input.issue,
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.body !== undefined ? { body: input.body } : {}),
      }),
    );
    return toIssue(data);
  }

  async commentIssue(input: { issue: number; body: string }): Promise<CommentRef> {
    const { data } = await this.call({ action: `comment on issue #${input.issue}`, permission: "issues: write" }, () =>
      this.octokit.rest.issues.createComment({ ...this.repo, issue_number: input.issue, body: input.body }),
    );
    return { id: data.id, url: data.html_url };
  }

  async closeIssue(input: { issue: number; comment?: string }): Promise<void> {
    if (input.comment !== undefined) await this.commentIssue({ issue: input.issue, body: input.comment });
    await this.call({ action: `close issue #${input.issue}`, permission: "issues: write" }, () =>
      this.octokit.rest.issues.update({
        ...this.repo,
        issue_number: input.issue,
        state: "closed",
        state_reason: "completed",
      }),
    );
  }
}

interface OctokitIssue {
  readonly number: number;
  readonly title: string;
  readonly body?: string | null;
  readonly html_url: string;
  readonly state: string;
  readonly labels: readonly (string | { readonly name?: string })[];
  readonly user: { readonly login: string } | null;
}

function toIssue(data: OctokitIssue): ForgeIssue {
  return {
    number: data.number,
    title: data.title,
    body: data.body ?? "",
    url: data.html_url,
    state: data.state === "closed" ? "closed" : "open",
    labels: data.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))),
    author: data.user?.login ?? "",
  };
}
