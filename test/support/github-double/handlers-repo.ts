/**
 * The double's answers about who is asking and what the repository is: GET /user, the repository,
 * a pull request.
 */

import { type Handler, notFound, requireRepo, user } from "./reply.js";
import { fullRepository, publicUser, pullRequest } from "./resources.js";

export const repoHandlers: Record<string, Handler> = {
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
};
