/**
 * The double's git references and annotated tag objects.
 */

import { type Handler, notFound, requireRepo, user, validationFailed } from "./reply.js";
import { gitRef, gitTag, sha1 } from "./resources.js";

export const gitHandlers: Record<string, Handler> = {
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
