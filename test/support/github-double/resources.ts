import { createHash } from "node:crypto";

/**
 * Factories for the objects the double returns, shaped like GitHub's (ids, node_id, user.login,
 * html_url, the *_url family). The double validates its own responses against the description, so a
 * field missing here shows up as a violation rather than as a test that passes against a fake shape.
 */

export interface DoubleUser {
  readonly login: string;
  readonly id: number;
  readonly type: "User" | "Bot" | "Organization";
}

/** The identity behind the `GITHUB_TOKEN` of a workflow run. */
export const GITHUB_ACTIONS_BOT: DoubleUser = { login: "github-actions[bot]", id: 41898282, type: "Bot" };

export interface Urls {
  /** Where the API is served, e.g. http://127.0.0.1:1234 (or .../api/v3 for a GHES-like prefix). */
  readonly api: string;
  /** Where uploads are served (the origin of upload_url). */
  readonly uploads: string;
  /** The web host of html_url links. */
  readonly web: string;
}

export function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString("base64").replace(/=+$/, "");
}

export function simpleUser(user: DoubleUser, urls: Urls): Record<string, unknown> {
  const api = `${urls.api}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type, user.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: `${urls.web}/${user.type === "Bot" ? "apps/" : ""}${user.login.replace(/\[bot\]$/, "")}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: "public",
    site_admin: false,
  };
}

/** GET /user answers with the public-user shape (user_view_type "public"). */
export function publicUser(user: DoubleUser, urls: Urls, createdAt: string): Record<string, unknown> {
  return {
    ...simpleUser(user, urls),
    name: user.login,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 1,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: createdAt,
    updated_at: createdAt,
  };
}

export interface RepoRecord {
  readonly owner: DoubleUser;
  readonly name: string;
  readonly id: number;
  readonly defaultBranch: string;
  readonly createdAt: string;
}

export function repoUrls(repo: RepoRecord, urls: Urls): { api: string; web: string } {
  return {
    api: `${urls.api}/repos/${repo.owner.login}/${repo.name}`,
    web: `${urls.web}/${repo.owner.login}/${repo.name}`,
  };
}

export function fullRepository(repo: RepoRecord, urls: Urls, openIssues: number): Record<string, unknown> {
  const { api, web } = repoUrls(repo, urls);
  const fullName = `${repo.owner.login}/${repo.name}`;
  const templated: Record<string, string> = {
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    hooks_url: `${api}/hooks`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
  };
  return {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: fullName,
    owner: simpleUser(repo.owner, urls),
    private: false,
    html_url: web,
    description: null,
    fork: false,
    url: api,
    ...templated,
    clone_url: `${web}.git`,
    git_url: `git:${web.replace(/^https?:/, "")}.git`,
    ssh_url: `git@${new URL(urls.web).host}:${fullName}.git`,
    svn_url: web,
    mirror_url: null,
    homepage: null,
    language: "TypeScript",
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 100,
    default_branch: repo.defaultBranch,
    open_issues_count: openIssues,
    open_issues: openIssues,
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    network_count: 0,
    subscribers_count: 0,
  };
}

export interface LabelRecord {
  readonly id: number;
  name: string;
  color: string;
  description: string | null;
}

export function label(record: LabelRecord, repo: RepoRecord, urls: Urls): Record<string, unknown> {
  return {
    id: record.id,
    node_id: nodeId("Label", record.id),
    url: `${repoUrls(repo, urls).api}/labels/${encodeURIComponent(record.name)}`,
    name: record.name,
    description: record.description,
    color: record.color,
    default: false,
  };
}

export interface IssueRecord {
  readonly id: number;
  readonly number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | null;
  labels: string[];
  readonly user: DoubleUser;
  readonly pullRequest: boolean;
  /** For pull requests: the head commit and where it lives (a fork's full name for fork PRs). */
  readonly head?: { readonly sha: string; readonly ref: string; readonly repo: string };
  readonly createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface CommentRecord {
  readonly id: number;
  readonly issueNumber: number;
  body: string;
  readonly user: DoubleUser;
  readonly createdAt: string;
  updatedAt: string;
}

export function issue(
  record: IssueRecord,
  repo: RepoRecord,
  urls: Urls,
  comments: number,
  labels: readonly LabelRecord[],
): Record<string, unknown> {
  const { api, web } = repoUrls(repo, urls);
  const issueApi = `${api}/issues/${record.number}`;
  const kind = record.pullRequest ? "pull" : "issues";
  const result: Record<string, unknown> = {
    id: record.id,
    node_id: nodeId(record.pullRequest ? "PullRequest" : "Issue", record.id),
    url: issueApi,
    repository_url: api,
    labels_url: `${issueApi}/labels{/name}`,
    comments_url: `${issueApi}/comments`,
    events_url: `${issueApi}/events`,
    html_url: `${web}/${kind}/${record.number}`,
    number: record.number,
    state: record.state,
    state_reason: record.stateReason,
    title: record.title,
    body: record.body,
    user: simpleUser(record.user, urls),
    labels: record.labels.map((name) => {
      const found = labels.find((l) => l.name === name);
      return found ? label(found, repo, urls) : name;
    }),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments,
    closed_at: record.closedAt,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    author_association: "MEMBER",
  };
  if (record.pullRequest) {
    result.pull_request = {
      url: `${api}/pulls/${record.number}`,
      html_url: `${web}/pull/${record.number}`,
      diff_url: `${web}/pull/${record.number}.diff`,
      patch_url: `${web}/pull/${record.number}.patch`,
      merged_at: null,
    };
  }
  return result;
}

export function issueComment(
  record: CommentRecord,
  repo: RepoRecord,
  urls: Urls,
  pullRequest: boolean,
): Record<string, unknown> {
  const { api, web } = repoUrls(repo, urls);
  return {
    id: record.id,
    node_id: nodeId("IssueComment", record.id),
    url: `${api}/issues/comments/${record.id}`,
    html_url: `${web}/${pullRequest ? "pull" : "issues"}/${record.issueNumber}#issuecomment-${record.id}`,
    issue_url: `${api}/issues/${record.issueNumber}`,
    body: record.body,
    user: simpleUser(record.user, urls),
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    author_association: record.user.type === "Bot" ? "NONE" : "MEMBER",
  };
}

export interface AssetRecord {
  readonly id: number;
  readonly releaseId: number;
  name: string;
  label: string | null;
  readonly contentType: string;
  readonly data: Buffer;
  readonly uploader: DoubleUser;
  readonly createdAt: string;
  /** "open": an upload that broke off (GitHub keeps it and blocks the name until it is deleted). */
  state?: "uploaded" | "open";
}

export interface ReleaseRecord {
  readonly id: number;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  readonly author: DoubleUser;
  readonly createdAt: string;
  publishedAt: string | null;
  /** Published in a repository with immutable releases: assets and tag are locked. */
  immutable?: boolean;
}

export function releaseAsset(record: AssetRecord, repo: RepoRecord, urls: Urls, tag: string): Record<string, unknown> {
  const { api, web } = repoUrls(repo, urls);
  return {
    url: `${api}/releases/assets/${record.id}`,
    browser_download_url: `${web}/releases/download/${encodeURIComponent(tag)}/${encodeURIComponent(record.name)}`,
    id: record.id,
    node_id: nodeId("ReleaseAsset", record.id),
    name: record.name,
    label: record.label,
    state: record.state ?? "uploaded",
    content_type: record.contentType,
    size: record.data.length,
    digest: record.state === "open" ? null : `sha256:${sha256(record.data)}`,
    download_count: 0,
    created_at: record.createdAt,
    updated_at: record.createdAt,
    uploader: simpleUser(record.uploader, urls),
  };
}

export function release(
  record: ReleaseRecord,
  repo: RepoRecord,
  urls: Urls,
  assets: readonly AssetRecord[],
): Record<string, unknown> {
  const { api, web } = repoUrls(repo, urls);
  const uploads = `${urls.uploads}/repos/${repo.owner.login}/${repo.name}`;
  return {
    url: `${api}/releases/${record.id}`,
    html_url: `${web}/releases/tag/${encodeURIComponent(record.tagName)}`,
    assets_url: `${api}/releases/${record.id}/assets`,
    upload_url: `${uploads}/releases/${record.id}/assets{?name,label}`,
    tarball_url: `${api}/tarball/${encodeURIComponent(record.tagName)}`,
    zipball_url: `${api}/zipball/${encodeURIComponent(record.tagName)}`,
    id: record.id,
    node_id: nodeId("Release", record.id),
    tag_name: record.tagName,
    target_commitish: record.targetCommitish,
    name: record.name,
    body: record.body,
    draft: record.draft,
    prerelease: record.prerelease,
    immutable: record.immutable ?? false,
    created_at: record.createdAt,
    updated_at: record.publishedAt ?? record.createdAt,
    published_at: record.publishedAt,
    author: simpleUser(record.author, urls),
    assets: assets.map((a) => releaseAsset(a, repo, urls, record.tagName)),
  };
}

export interface RefRecord {
  ref: string;
  sha: string;
  /** "commit" for lightweight tags and branches, "tag" for annotated tag objects. */
  type: "commit" | "tag";
}

export function gitRef(record: RefRecord, repo: RepoRecord, urls: Urls): Record<string, unknown> {
  const { api } = repoUrls(repo, urls);
  return {
    ref: record.ref,
    node_id: nodeId("Ref", hashNumber(record.ref)),
    url: `${api}/git/${record.ref}`,
    object: {
      type: record.type,
      sha: record.sha,
      url: `${api}/git/${record.type === "tag" ? "tags" : "commits"}/${record.sha}`,
    },
  };
}

export interface TagObjectRecord {
  readonly sha: string;
  readonly tag: string;
  readonly message: string;
  readonly objectSha: string;
  readonly objectType: string;
  readonly tagger: { name: string; email: string; date: string };
}

export function gitTag(record: TagObjectRecord, repo: RepoRecord, urls: Urls): Record<string, unknown> {
  const { api } = repoUrls(repo, urls);
  return {
    node_id: nodeId("Tag", hashNumber(record.sha)),
    tag: record.tag,
    sha: record.sha,
    url: `${api}/git/tags/${record.sha}`,
    message: record.message,
    tagger: record.tagger,
    object: { type: record.objectType, sha: record.objectSha, url: `${api}/git/commits/${record.objectSha}` },
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

export function sha256(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

export function sha1(data: string): string {
  return createHash("sha1").update(data).digest("hex");
}

function hashNumber(text: string): number {
  return Number.parseInt(sha1(text).slice(0, 8), 16);
}

/**
 * GET /pulls/{n}: the pull-request object has 42 required fields; the description's own example is
 * the template, with this pull request's number, state, author and head put in.
 */
export function pullRequest(
  template: Record<string, unknown>,
  record: IssueRecord,
  repo: RepoRecord,
  urls: Urls,
): Record<string, unknown> {
  const { api, web } = repoUrls(repo, urls);
  const example = JSON.parse(JSON.stringify(template)) as Record<string, Record<string, unknown>>;
  const head = record.head ?? {
    sha: sha1(`head:${record.number}`),
    ref: `pr-${record.number}`,
    repo: `${repo.owner.login}/${repo.name}`,
  };
  const [headOwner = "", headName = ""] = head.repo.split("/");
  const headRepo = { ...(example.head?.repo as Record<string, unknown>), name: headName, full_name: head.repo };
  return {
    ...example,
    id: record.id,
    node_id: nodeId("PullRequest", record.id),
    number: record.number,
    state: record.state,
    title: record.title,
    body: record.body,
    user: simpleUser(record.user, urls),
    url: `${api}/pulls/${record.number}`,
    html_url: `${web}/pull/${record.number}`,
    issue_url: `${api}/issues/${record.number}`,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    closed_at: record.closedAt,
    // The example's requested_teams entries lack the `type` its own schema requires.
    requested_teams: [],
    requested_reviewers: [],
    head: { ...example.head, sha: head.sha, ref: head.ref, label: `${headOwner}:${head.ref}`, repo: headRepo },
    base: { ...example.base, ref: repo.defaultBranch },
  };
}
