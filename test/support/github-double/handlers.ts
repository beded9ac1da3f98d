/**
 * What the double does for each operation it knows, keyed by the description's operationId. Each
 * handler reads and changes the in-memory state and answers like GitHub (status, body, headers).
 */
import {
  type DoubleUser,
  fullRepository,
  gitRef,
  gitTag,
  issue,
  issueComment,
  label,
  publicUser,
  pullRequest,
  release,
  releaseAsset,
  sha1,
  type Urls,
} from "./resources.js";
import type { RepoState, Sequence, TokenGrant } from "./state.js";

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Raw bytes instead of JSON (asset downloads). */
  readonly raw?: Buffer;
}

export interface HandlerContext {
  readonly repo: RepoState | undefined;
  readonly params: Record<string, string>;
  readonly query: Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: the body was validated against the description before it gets here
  readonly body: any;
  readonly rawBody: Buffer;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly grant: TokenGrant;
  readonly urls: Urls;
  readonly seq: Sequence;
  /** The full URL of this request, for Link headers. */
  readonly requestUrl: URL;
  /** An example object of GitHub's description (components/examples/NAME), used as a template. */
  readonly example: (name: string) => Record<string, unknown>;
}

export type Handler = (ctx: HandlerContext) => Reply;

export function notFound(): Reply {
  return {
    status: 404,
    body: { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" },
  };
}

function validationFailed(message: string, field?: string): Reply {
  return {
    status: 422,
    body: {
      message: "Validation Failed",
      errors: [{ resource: "Release", code: field ? "already_exists" : "invalid", field: field ?? "", message }],
      documentation_url: "https://docs.github.com/rest",
      status: "422",
    },
  };
}

/** Slices `items` by per_page/page and sets the Link header GitHub sends (first/prev/next/last). */
function page(ctx: HandlerContext, items: readonly unknown[]): Reply {
  const perPage = Math.min(Math.max(Number(ctx.query.per_page ?? 30), 1), 100);
  const current = Math.max(Number(ctx.query.page ?? 1), 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number, rel: string): string => {
    const url = new URL(ctx.requestUrl);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(n));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (current > 1) links.push(link(current - 1, "prev"));
  if (current < last) links.push(link(current + 1, "next"));
  if (current < last) links.push(link(last, "last"));
  if (current > 1) links.push(link(1, "first"));
  const headers: Record<string, string> = links.length > 0 ? { link: links.join(", ") } : {};
  return { status: 200, body: items.slice((current - 1) * perPage, current * perPage), headers };
}

function requireRepo(ctx: HandlerContext): RepoState {
  if (!ctx.repo) throw new ReplyError(notFound());
  return ctx.repo;
}

export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`reply ${reply.status}`);
  }
}

function issueJson(ctx: HandlerContext, repo: RepoState, number: number): unknown {
  const record = repo.issue(number);
  if (!record) throw new ReplyError(notFound());
  return issue(record, repo.record, ctx.urls, repo.commentsOf(number).length, repo.labels);
}

function commentJson(ctx: HandlerContext, repo: RepoState, id: number): unknown {
  const record = repo.comments.find((c) => c.id === id);
  if (!record) throw new ReplyError(notFound());
  return issueComment(record, repo.record, ctx.urls, repo.issue(record.issueNumber)?.pullRequest ?? false);
}

function releaseJson(ctx: HandlerContext, repo: RepoState, id: number): unknown {
  const record = repo.releases.find((r) => r.id === id);
  if (!record) throw new ReplyError(notFound());
  return release(record, repo.record, ctx.urls, repo.assetsOf(id));
}

function user(ctx: HandlerContext): DoubleUser {
  return ctx.grant.user;
}

function ensureLabels(ctx: HandlerContext, repo: RepoState, names: readonly string[]): void {
  for (const name of names) {
    if (!repo.labels.some((l) => l.name === name)) {
      repo.labels.push({ id: ctx.seq.id(), name, color: "ededed", description: null });
    }
  }
}

function labelNames(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [];
  return list.map((l) => (typeof l === "string" ? l : String((l as { name?: string }).name ?? "")));
}

export const handlers: Record<string, Handler> = {
  "users/get-authenticated": (ctx) => {
    if (ctx.grant.installation) {
      return {
        status: 403,
        body: {
          message: "Resource not accessible by integration",
          documentation_url: "https://docs.github.com/rest/users/users#get-the-authenticated-user",
          status: "403",
        },
      };
    }
    return { status: 200, body: publicUser(user(ctx), ctx.urls, "2020-01-01T00:00:00Z") };
  },

  "repos/get": (ctx) => {
    const repo = requireRepo(ctx);
    const open = repo.issues.filter((i) => i.state === "open").length;
    return { status: 200, body: fullRepository(repo.record, ctx.urls, open) };
  },

  "pulls/get": (ctx) => {
    const repo = requireRepo(ctx);
    const record = repo.issue(Number(ctx.params.pull_number));
    if (!record?.pullRequest) return notFound();
    return { status: 200, body: pullRequest(ctx.example("pull-request"), record, repo.record, ctx.urls) };
  },

  // Issue comments
  "issues/list-comments": (ctx) => {
    const repo = requireRepo(ctx);
    const number = Number(ctx.params.issue_number);
    if (!repo.issue(number)) return notFound();
    const since = typeof ctx.query.since === "string" ? ctx.query.since : undefined;
    const items = repo
      .commentsOf(number)
      .filter((c) => !since || c.updatedAt >= since)
      .map((c) => commentJson(ctx, repo, c.id));
    return page(ctx, items);
  },
  "issues/get-comment": (ctx) => {
    const repo = requireRepo(ctx);
    return { status: 200, body: commentJson(ctx, repo, Number(ctx.params.comment_id)) };
  },
  "issues/create-comment": (ctx) => {
    const repo = requireRepo(ctx);
    const number = Number(ctx.params.issue_number);
    const target = repo.issue(number);
    if (!target) return notFound();
    const now = ctx.seq.now();
    const record = {
      id: ctx.seq.id(),
      issueNumber: number,
      body: String(ctx.body.body),
      user: user(ctx),
      createdAt: now,
      updatedAt: now,
    };
    repo.comments.push(record);
    target.updatedAt = now;
    return { status: 201, body: commentJson(ctx, repo, record.id) };
  },
  "issues/update-comment": (ctx) => {
    const repo = requireRepo(ctx);
    const record = repo.comments.find((c) => c.id === Number(ctx.params.comment_id));
    if (!record) return notFound();
    // GitHub lets only the author (or a maintainer) edit; the double keeps the author rule so that a
    // client that would edit someone else's comment is caught.
    if (record.user.login !== user(ctx).login) return forbidden("You cannot edit this comment");
    record.body = String(ctx.body.body);
    record.updatedAt = ctx.seq.now();
    return { status: 200, body: commentJson(ctx, repo, record.id) };
  },
  "issues/delete-comment": (ctx) => {
    const repo = requireRepo(ctx);
    const index = repo.comments.findIndex((c) => c.id === Number(ctx.params.comment_id));
    if (index < 0) return notFound();
    repo.comments.splice(index, 1);
    return { status: 204 };
  },

  // Issues
  "issues/list-for-repo": (ctx) => {
    const repo = requireRepo(ctx);
    const state = String(ctx.query.state ?? "open");
    const wanted = typeof ctx.query.labels === "string" ? ctx.query.labels.split(",").filter(Boolean) : [];
    const creator = typeof ctx.query.creator === "string" ? ctx.query.creator : undefined;
    const direction = ctx.query.direction === "asc" ? 1 : -1;
    const items = repo.issues
      .filter((i) => state === "all" || i.state === state)
      .filter((i) => wanted.every((w) => i.labels.includes(w)))
      .filter((i) => !creator || i.user.login === creator)
      .sort(
        (a, b) => direction * (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.number - b.number),
      )
      .map((i) => issueJson(ctx, repo, i.number));
    return page(ctx, items);
  },
  "issues/get": (ctx) => {
    const repo = requireRepo(ctx);
    return { status: 200, body: issueJson(ctx, repo, Number(ctx.params.issue_number)) };
  },
  "issues/create": (ctx) => {
    const repo = requireRepo(ctx);
    const names = labelNames(ctx.body.labels);
    ensureLabels(ctx, repo, names);
    const now = ctx.seq.now();
    const number = repo.nextIssueNumber();
    repo.issues.push({
      id: ctx.seq.id(),
      number,
      title: String(ctx.body.title),
      body: typeof ctx.body.body === "string" ? ctx.body.body : null,
      state: "open",
      stateReason: null,
      labels: names,
      user: user(ctx),
      pullRequest: false,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
    });
    return { status: 201, body: issueJson(ctx, repo, number) };
  },
  "issues/update": (ctx) => {
    const repo = requireRepo(ctx);
    const record = repo.issue(Number(ctx.params.issue_number));
    if (!record) return notFound();
    const now = ctx.seq.now();
    if (typeof ctx.body.title === "string") record.title = ctx.body.title;
    if ("body" in ctx.body) record.body = ctx.body.body ?? null;
    if (Array.isArray(ctx.body.labels)) {
      record.labels = labelNames(ctx.body.labels);
      ensureLabels(ctx, repo, record.labels);
    }
    if (ctx.body.state === "closed" && record.state === "open") {
      record.state = "closed";
      record.closedAt = now;
      record.stateReason = ctx.body.state_reason ?? "completed";
    } else if (ctx.body.state === "open" && record.state === "closed") {
      record.state = "open";
      record.closedAt = null;
      record.stateReason = "reopened";
    }
    record.updatedAt = now;
    return { status: 200, body: issueJson(ctx, repo, record.number) };
  },
  "issues/add-labels": (ctx) => {
    const repo = requireRepo(ctx);
    const record = repo.issue(Number(ctx.params.issue_number));
    if (!record) return notFound();
    const names = labelNames(Array.isArray(ctx.body) ? ctx.body : ctx.body.labels);
    ensureLabels(ctx, repo, names);
    for (const n of names) if (!record.labels.includes(n)) record.labels.push(n);
    const body = repo.labels.filter((l) => record.labels.includes(l.name)).map((l) => label(l, repo.record, ctx.urls));
    return { status: 200, body };
  },
  "issues/list-labels-for-repo": (ctx) => {
    const repo = requireRepo(ctx);
    return page(
      ctx,
      repo.labels.map((l) => label(l, repo.record, ctx.urls)),
    );
  },
  "issues/get-label": (ctx) => {
    const repo = requireRepo(ctx);
    const found = repo.labels.find((l) => l.name === ctx.params.name);
    return found ? { status: 200, body: label(found, repo.record, ctx.urls) } : notFound();
  },
  "issues/create-label": (ctx) => {
    const repo = requireRepo(ctx);
    if (repo.labels.some((l) => l.name === ctx.body.name)) return validationFailed("already_exists", "name");
    const record = {
      id: ctx.seq.id(),
      name: String(ctx.body.name),
      color: String(ctx.body.color ?? "ededed"),
      description: typeof ctx.body.description === "string" ? ctx.body.description : null,
    };
    repo.labels.push(record);
    return { status: 201, body: label(record, repo.record, ctx.urls) };
  },

  // Releases
  "repos/list-releases": (ctx) => {
    const repo = requireRepo(ctx);
    const newestFirst = [...repo.releases].reverse();
    return page(
      ctx,
      newestFirst.map((r) => releaseJson(ctx, repo, r.id)),
    );
  },
  "repos/create-release": (ctx) => {
    const repo = requireRepo(ctx);
    const tag = String(ctx.body.tag_name);
    if (repo.releases.some((r) => r.tagName === tag)) return validationFailed("already_exists", "tag_name");
    const now = ctx.seq.now();
    const draft = ctx.body.draft === true;
    const record = {
      id: ctx.seq.id(),
      tagName: tag,
      targetCommitish: String(ctx.body.target_commitish ?? repo.record.defaultBranch),
      name: typeof ctx.body.name === "string" ? ctx.body.name : null,
      body: typeof ctx.body.body === "string" ? ctx.body.body : null,
      draft,
      prerelease: ctx.body.prerelease === true,
      author: user(ctx),
      createdAt: now,
      publishedAt: draft ? null : now,
    };
    repo.releases.push(record);
    // Publishing a release whose tag does not exist creates the tag (lightweight) on target_commitish.
    if (!draft && !repo.refs.some((r) => r.ref === `refs/tags/${tag}`)) {
      repo.refs.push({ ref: `refs/tags/${tag}`, sha: sha1(`commit:${record.targetCommitish}`), type: "commit" });
    }
    return { status: 201, body: releaseJson(ctx, repo, record.id) };
  },
  "repos/get-release": (ctx) => {
    const repo = requireRepo(ctx);
    return { status: 200, body: releaseJson(ctx, repo, Number(ctx.params.release_id)) };
  },
  "repos/get-release-by-tag": (ctx) => {
    const repo = requireRepo(ctx);
    const found = repo.releases.find((r) => r.tagName === ctx.params.tag && !r.draft);
    return found ? { status: 200, body: releaseJson(ctx, repo, found.id) } : notFound();
  },
  "repos/get-latest-release": (ctx) => {
    const repo = requireRepo(ctx);
    const found = [...repo.releases].reverse().find((r) => !r.draft && !r.prerelease);
    return found ? { status: 200, body: releaseJson(ctx, repo, found.id) } : notFound();
  },
  "repos/update-release": (ctx) => {
    const repo = requireRepo(ctx);
    const record = repo.releases.find((r) => r.id === Number(ctx.params.release_id));
    if (!record) return notFound();
    if (typeof ctx.body.tag_name === "string") record.tagName = ctx.body.tag_name;
    if (typeof ctx.body.target_commitish === "string") record.targetCommitish = ctx.body.target_commitish;
    if (typeof ctx.body.name === "string") record.name = ctx.body.name;
    if (typeof ctx.body.body === "string") record.body = ctx.body.body;
    if (typeof ctx.body.prerelease === "boolean") record.prerelease = ctx.body.prerelease;
    if (ctx.body.draft === false && record.draft) {
      record.draft = false;
      record.publishedAt = ctx.seq.now();
    }
    return { status: 200, body: releaseJson(ctx, repo, record.id) };
  },
  "repos/delete-release": (ctx) => {
    const repo = requireRepo(ctx);
    const index = repo.releases.findIndex((r) => r.id === Number(ctx.params.release_id));
    if (index < 0) return notFound();
    repo.releases.splice(index, 1);
    return { status: 204 };
  },
  "repos/list-release-assets": (ctx) => {
    const repo = requireRepo(ctx);
    const found = repo.releases.find((r) => r.id === Number(ctx.params.release_id));
    if (!found) return notFound();
    return page(
      ctx,
      repo.assetsOf(found.id).map((a) => releaseAsset(a, repo.record, ctx.urls, found.tagName)),
    );
  },
  "repos/upload-release-asset": (ctx) => {
    const repo = requireRepo(ctx);
    const found = repo.releases.find((r) => r.id === Number(ctx.params.release_id));
    if (!found) return notFound();
    const name = String(ctx.query.name);
    if (repo.assetsOf(found.id).some((a) => a.name === name)) return validationFailed("already_exists", "name");
    const contentType = String(ctx.headers["content-type"] ?? "application/octet-stream");
    const record = {
      id: ctx.seq.id(),
      releaseId: found.id,
      name,
      label: typeof ctx.query.label === "string" ? ctx.query.label : null,
      contentType,
      data: ctx.rawBody,
      uploader: user(ctx),
      createdAt: ctx.seq.now(),
    };
    repo.assets.push(record);
    return { status: 201, body: releaseAsset(record, repo.record, ctx.urls, found.tagName) };
  },
  "repos/get-release-asset": (ctx) => {
    const repo = requireRepo(ctx);
    const record = repo.assets.find((a) => a.id === Number(ctx.params.asset_id));
    if (!record) return notFound();
    const tag = repo.releases.find((r) => r.id === record.releaseId)?.tagName ?? "";
    // With `Accept: application/octet-stream` GitHub answers with the bytes (after a redirect).
    if (String(ctx.headers.accept ?? "").includes("application/octet-stream")) {
      return { status: 200, raw: record.data, headers: { "content-type": "application/octet-stream" } };
    }
    return { status: 200, body: releaseAsset(record, repo.record, ctx.urls, tag) };
  },
  "repos/delete-release-asset": (ctx) => {
    const repo = requireRepo(ctx);
    const index = repo.assets.findIndex((a) => a.id === Number(ctx.params.asset_id));
    if (index < 0) return notFound();
    repo.assets.splice(index, 1);
    return { status: 204 };
  },

  // Git refs and annotated tags
  "git/get-ref": (ctx) => {
    const repo = requireRepo(ctx);
    const found = repo.refs.find((r) => r.ref === `refs/${ctx.params.ref}`);
    return found ? { status: 200, body: gitRef(found, repo.record, ctx.urls) } : notFound();
  },
  "git/list-matching-refs": (ctx) => {
    const repo = requireRepo(ctx);
    const prefix = `refs/${ctx.params.ref}`;
    return {
      status: 200,
      body: repo.refs.filter((r) => r.ref.startsWith(prefix)).map((r) => gitRef(r, repo.record, ctx.urls)),
    };
  },
  "git/create-ref": (ctx) => {
    const repo = requireRepo(ctx);
    const ref = String(ctx.body.ref);
    if (!/^refs\/[^/]+\/.+/.test(ref)) return validationFailed("Reference name is invalid");
    if (repo.refs.some((r) => r.ref === ref)) return validationFailed("Reference already exists");
    const sha = String(ctx.body.sha);
    const type = repo.tags.some((t) => t.sha === sha) ? "tag" : "commit";
    const record = { ref, sha, type } as const;
    repo.refs.push({ ...record });
    return { status: 201, body: gitRef(record, repo.record, ctx.urls) };
  },
  "git/update-ref": (ctx) => {
    const repo = requireRepo(ctx);
    const found = repo.refs.find((r) => r.ref === `refs/${ctx.params.ref}`);
    if (!found) return validationFailed("Reference does not exist");
    found.sha = String(ctx.body.sha);
    return { status: 200, body: gitRef(found, repo.record, ctx.urls) };
  },
  "git/delete-ref": (ctx) => {
    const repo = requireRepo(ctx);
    const index = repo.refs.findIndex((r) => r.ref === `refs/${ctx.params.ref}`);
    if (index < 0) return validationFailed("Reference does not exist");
    repo.refs.splice(index, 1);
    return { status: 204 };
  },
  "git/create-tag": (ctx) => {
    const repo = requireRepo(ctx);
    const tagger = ctx.body.tagger ?? { name: user(ctx).login, email: "noreply@github.com" };
    const record = {
      sha: sha1(`tag:${ctx.body.tag}:${ctx.body.object}:${ctx.seq.id()}`),
      tag: String(ctx.body.tag),
      message: String(ctx.body.message),
      objectSha: String(ctx.body.object),
      objectType: String(ctx.body.type),
      tagger: { name: String(tagger.name), email: String(tagger.email), date: String(tagger.date ?? ctx.seq.now()) },
    };
    repo.tags.push(record);
    return { status: 201, body: gitTag(record, repo.record, ctx.urls) };
  },
  "git/get-tag": (ctx) => {
    const repo = requireRepo(ctx);
    const found = repo.tags.find((t) => t.sha === ctx.params.tag_sha);
    return found ? { status: 200, body: gitTag(found, repo.record, ctx.urls) } : notFound();
  },
};

export function forbidden(message: string, acceptedPermissions?: string): Reply {
  return {
    status: 403,
    body: { message, documentation_url: "https://docs.github.com/rest", status: "403" },
    headers: acceptedPermissions ? { "x-accepted-github-permissions": acceptedPermissions } : {},
  };
}
