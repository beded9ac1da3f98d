/**
 * The double's releases and release assets (uploads arrive on the uploads host through upload_url).
 */

import {
  type Handler,
  type HandlerContext,
  notFound,
  page,
  ReplyError,
  requireRepo,
  user,
  validationFailed,
} from "./reply.js";
import { release, releaseAsset, sha1 } from "./resources.js";
import type { RepoState } from "./state.js";

function releaseJson(ctx: HandlerContext, repo: RepoState, id: number): unknown {
  const record = repo.releases.find((r) => r.id === id);
  if (!record) throw new ReplyError(notFound());
  return release(record, repo.record, ctx.urls, repo.assetsOf(id));
}

export const releaseHandlers: Record<string, Handler> = {
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
    // As on GitHub: any number of drafts may share a tag, a published release owns it.
    if (repo.releases.some((r) => r.tagName === tag && !r.draft)) return validationFailed("already_exists", "tag_name");
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
      if (repo.releases.some((r) => r.tagName === record.tagName && !r.draft)) {
        return validationFailed("already_exists", "tag_name");
      }
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
};
