/**
 * How a handler of the double answers, and the helpers every handler shares: not found, forbidden,
 * validation failed, pagination with GitHub's Link header, the repository of the request.
 */
import type { DoubleUser, Urls } from "./resources.js";
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

export function validationFailed(message: string, field?: string): Reply {
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

/** GitHub's longest issue or comment body, in characters. */
export const MAX_BODY_CHARACTERS = 65_536;

/** 422 as GitHub answers a body over 65,536 characters; undefined when the body fits. */
export function bodyTooLong(resource: "Issue" | "IssueComment", body: unknown): Reply | undefined {
  if (typeof body !== "string" || [...body].length <= MAX_BODY_CHARACTERS) return undefined;
  return {
    status: 422,
    body: {
      message: "Validation Failed",
      errors: [
        {
          resource,
          code: "custom",
          field: "body",
          message: `body is too long (maximum is ${MAX_BODY_CHARACTERS} characters)`,
        },
      ],
      documentation_url: "https://docs.github.com/rest",
      status: "422",
    },
  };
}

/** Slices `items` by per_page/page and sets the Link header GitHub sends (first/prev/next/last). */
export function page(ctx: HandlerContext, items: readonly unknown[]): Reply {
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

export function requireRepo(ctx: HandlerContext): RepoState {
  if (!ctx.repo) throw new ReplyError(notFound());
  return ctx.repo;
}

export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`reply ${reply.status}`);
  }
}

/** The user the request's token stands for. */
export function user(ctx: HandlerContext): DoubleUser {
  return ctx.grant.user;
}

export function forbidden(message: string, acceptedPermissions?: string): Reply {
  return {
    status: 403,
    body: { message, documentation_url: "https://docs.github.com/rest", status: "403" },
    headers: acceptedPermissions ? { "x-accepted-github-permissions": acceptedPermissions } : {},
  };
}
