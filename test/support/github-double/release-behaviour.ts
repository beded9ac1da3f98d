/**
 * Release behaviour of GitHub the basic handlers leave out, switched on per repository by tests:
 * immutable releases (https://docs.github.com/code-security/supply-chain-security/understanding-your-software-supply-chain/immutable-releases),
 * uploads that break off half-way (GitHub keeps an asset in state "open" that blocks its name), and
 * the pull requests that brought a commit (for release:* labels). Installed by wrapping the handler
 * table once, on import.
 */
import { type Handler, type HandlerContext, handlers, type Reply } from "./handlers.js";
import { fullRepository, nodeId, repoUrls, simpleUser } from "./resources.js";
import type { RepoState } from "./state.js";

interface Behaviour {
  immutable: boolean;
  brokenUploads: number;
  pulls: { commit: string; number: number; labels: string[] }[];
}

const behaviours = new WeakMap<RepoState, Behaviour>();

function behaviourOf(repo: RepoState): Behaviour {
  let found = behaviours.get(repo);
  if (!found) {
    found = { immutable: false, brokenUploads: 0, pulls: [] };
    behaviours.set(repo, found);
  }
  return found;
}

/** The repository setting "Enable release immutability": publishing locks assets and the tag. */
export function enableImmutableReleases(repo: RepoState): void {
  behaviourOf(repo).immutable = true;
}

/**
 * The next `times` uploads receive half of their bytes and then fail with 502, leaving an asset in
 * state "open" behind (a retry of the same upload then gets 422 already_exists, as on GitHub).
 */
export function breakUploads(repo: RepoState, times = 1): void {
  behaviourOf(repo).brokenUploads += times;
}

/** A merged pull request with labels whose merge commit is `commit`. */
export function associatePullRequest(repo: RepoState, commit: string, number: number, labels: string[]): void {
  behaviourOf(repo).pulls.push({ commit, number, labels });
}

function locked(what: string): Reply {
  return {
    status: 422,
    body: {
      message: `Cannot ${what}: the release is immutable`,
      documentation_url: "https://docs.github.com/rest/releases/releases",
      status: "422",
    },
  };
}

function wrap(operationId: string, around: (ctx: HandlerContext, original: Handler) => Reply): void {
  const original = handlers[operationId];
  if (!original) throw new Error(`the double has no handler ${operationId} to extend`);
  handlers[operationId] = (ctx) => around(ctx, original);
}

function releaseOf(ctx: HandlerContext, id: number) {
  return ctx.repo?.releases.find((r) => r.id === id);
}

wrap("repos/update-release", (ctx, original) => {
  const release = releaseOf(ctx, Number(ctx.params.release_id));
  if (ctx.repo && release?.immutable) return locked("edit a published release");
  const publishing = release?.draft === true && ctx.body.draft === false;
  const reply = original(ctx);
  if (ctx.repo && release && publishing && behaviourOf(ctx.repo).immutable) {
    release.immutable = true;
    return { ...reply, body: { ...(reply.body as object), immutable: true } };
  }
  return reply;
});

wrap("repos/upload-release-asset", (ctx, original) => {
  const repo = ctx.repo;
  const release = releaseOf(ctx, Number(ctx.params.release_id));
  if (!repo || !release) return original(ctx);
  if (release.immutable) return locked("upload assets to a published release");
  const behaviour = behaviourOf(repo);
  if (behaviour.brokenUploads > 0 && !repo.assetsOf(release.id).some((a) => a.name === String(ctx.query.name))) {
    behaviour.brokenUploads -= 1;
    repo.assets.push({
      id: ctx.seq.id(),
      releaseId: release.id,
      name: String(ctx.query.name),
      label: null,
      contentType: String(ctx.headers["content-type"] ?? "application/octet-stream"),
      data: ctx.rawBody.subarray(0, Math.floor(ctx.rawBody.length / 2)),
      uploader: simpleUserRecord(ctx),
      createdAt: ctx.seq.now(),
      state: "open",
    });
    return {
      status: 502,
      body: { message: "Server Error", documentation_url: "https://docs.github.com/rest", status: "502" },
    };
  }
  return original(ctx);
});

wrap("repos/delete-release-asset", (ctx, original) => {
  const asset = ctx.repo?.assets.find((a) => a.id === Number(ctx.params.asset_id));
  const release = asset ? releaseOf(ctx, asset.releaseId) : undefined;
  if (release?.immutable) return locked("delete an asset of a published release");
  return original(ctx);
});

for (const operationId of ["git/update-ref", "git/delete-ref"]) {
  wrap(operationId, (ctx, original) => {
    const tag = ctx.params.ref?.startsWith("tags/") ? ctx.params.ref.slice("tags/".length) : undefined;
    if (tag && ctx.repo?.releases.some((r) => r.tagName === tag && r.immutable)) {
      return locked(`move or delete the tag ${tag} of a published release`);
    }
    return original(ctx);
  });
}

handlers["repos/list-pull-requests-associated-with-commit"] = (ctx) => {
  const repo = ctx.repo;
  if (!repo) return { status: 404, body: { message: "Not Found", documentation_url: "", status: "404" } };
  const pulls = behaviourOf(repo).pulls.filter((p) => p.commit === ctx.params.commit_sha);
  return { status: 200, body: pulls.map((p) => pullRequestSimple(ctx, repo, p)) };
};

function simpleUserRecord(ctx: HandlerContext) {
  return ctx.grant.user;
}

function pullRequestSimple(ctx: HandlerContext, repo: RepoState, pull: Behaviour["pulls"][number]) {
  const { api, web } = repoUrls(repo.record, ctx.urls);
  const author = simpleUser(ctx.grant.user, ctx.urls);
  const link = (href: string) => ({ href });
  const branch = (ref: string, sha: string) => ({
    label: `${repo.record.owner.login}:${ref}`,
    ref,
    // The "repository" schema of a pull request's head/base asks for has_downloads as well.
    repo: { ...fullRepository(repo.record, ctx.urls, 0), has_downloads: true },
    sha,
    user: author,
  });
  return {
    url: `${api}/pulls/${pull.number}`,
    id: pull.number + 500000,
    node_id: nodeId("PullRequest", pull.number),
    html_url: `${web}/pull/${pull.number}`,
    diff_url: `${web}/pull/${pull.number}.diff`,
    patch_url: `${web}/pull/${pull.number}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    commits_url: `${api}/pulls/${pull.number}/commits`,
    review_comments_url: `${api}/pulls/${pull.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    statuses_url: `${api}/statuses/${pull.commit}`,
    number: pull.number,
    state: "closed",
    locked: false,
    title: `Pull request ${pull.number}`,
    user: author,
    body: null,
    labels: pull.labels.map((name, i) => ({
      id: pull.number * 100 + i,
      node_id: nodeId("Label", pull.number * 100 + i),
      url: `${api}/labels/${encodeURIComponent(name)}`,
      name,
      description: "",
      color: "ededed",
      default: false,
    })),
    milestone: null,
    active_lock_reason: null,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    closed_at: "2026-01-01T00:00:00Z",
    merged_at: "2026-01-01T00:00:00Z",
    merge_commit_sha: pull.commit,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branch(`feature-${pull.number}`, "f".repeat(40)),
    base: branch(repo.record.defaultBranch, pull.commit),
    _links: {
      self: link(`${api}/pulls/${pull.number}`),
      html: link(`${web}/pull/${pull.number}`),
      issue: link(`${api}/issues/${pull.number}`),
      comments: link(`${api}/issues/${pull.number}/comments`),
      review_comments: link(`${api}/pulls/${pull.number}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`),
      commits: link(`${api}/pulls/${pull.number}/commits`),
      statuses: link(`${api}/statuses/${pull.commit}`),
    },
    author_association: "MEMBER",
    auto_merge: null,
  };
}
