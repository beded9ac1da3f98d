/**
 * The double's issues, issue (and pull-request) comments and labels.
 */

import {
  bodyTooLong,
  forbidden,
  type Handler,
  type HandlerContext,
  notFound,
  page,
  ReplyError,
  requireRepo,
  user,
  validationFailed,
} from "./reply.js";
import { issue, issueComment, label } from "./resources.js";
import type { RepoState } from "./state.js";

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

export const issueHandlers: Record<string, Handler> = {
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
    const tooLong = bodyTooLong("IssueComment", ctx.body.body);
    if (tooLong) return tooLong;
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
    const tooLong = bodyTooLong("IssueComment", ctx.body.body);
    if (tooLong) return tooLong;
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
    const tooLong = bodyTooLong("Issue", ctx.body.body);
    if (tooLong) return tooLong;
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
    const tooLong = bodyTooLong("Issue", ctx.body.body);
    if (tooLong) return tooLong;
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
};
