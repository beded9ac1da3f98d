/**
 * A local stand-in for GitHub's REST API (node:http), for tests. Every request is checked against
 * GitHub's own OpenAPI description: an unknown method/path, an unknown or ill-typed query parameter, or
 * a body that breaks the operation's schema is recorded as a violation, and `assertNoViolations()`
 * fails the test. Responses are checked against the description too, so the double cannot drift into
 * shapes GitHub would never send.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { forbidden, type HandlerContext, handlers, notFound, type Reply, ReplyError } from "./handlers.js";
import { type GitHubDescription, type Json, loadGitHubDescription, type Operation } from "./openapi.js";
import { type DoubleUser, GITHUB_ACTIONS_BOT, type Urls } from "./resources.js";
import { type Access, type Permission, RepoState, Sequence, type TokenGrant } from "./state.js";

export interface DoubleOptions {
  /** Serve the API under a path, as GitHub Enterprise Server does (`/api/v3`). Default: none. */
  readonly pathPrefix?: string;
  /** The web host for html_url links. Default https://github.com. */
  readonly webUrl?: string;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;
  readonly status: number;
  readonly token: string | undefined;
}

export interface Fault {
  /** The operation to fail (operationId of the description, e.g. "issues/create-comment"). */
  readonly operationId: string;
  readonly status: number;
  readonly message?: string;
  readonly headers?: Record<string, string>;
  /** How many matching requests fail before the operation works again. Default 1. */
  readonly times?: number;
}

const UPLOADS_PREFIX = "/uploads";

export class GitHubDouble {
  readonly violations: string[] = [];
  readonly requests: RecordedRequest[] = [];
  private readonly repos = new Map<string, RepoState>();
  private readonly tokens = new Map<string, TokenGrant>();
  private readonly faults: { fault: Fault; left: number }[] = [];
  private readonly seq = new Sequence();
  private readonly users = new Map<string, DoubleUser>();

  private constructor(
    private readonly server: Server,
    private readonly description: GitHubDescription,
    readonly urls: Urls,
    private readonly prefix: string,
  ) {}

  static async start(options: DoubleOptions = {}): Promise<GitHubDouble> {
    const description = loadGitHubDescription();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const origin = `http://127.0.0.1:${port}`;
    const prefix = options.pathPrefix ?? "";
    const urls: Urls = {
      api: `${origin}${prefix}`,
      uploads: `${origin}${UPLOADS_PREFIX}`,
      web: options.webUrl ?? "https://github.com",
    };
    const double = new GitHubDouble(server, description, urls, prefix);
    server.on("request", (req, res) => {
      double.handle(req, res).catch((error: unknown) => {
        double.violations.push(`double crashed: ${error instanceof Error ? error.stack : String(error)}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    return double;
  }

  /** The value for GITHUB_API_URL. */
  get apiUrl(): string {
    return this.urls.api;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- set-up -------------------------------------------------------------------------------------

  user(login: string, type: DoubleUser["type"] = "User"): DoubleUser {
    let found = this.users.get(login);
    if (!found) {
      found = login === GITHUB_ACTIONS_BOT.login ? GITHUB_ACTIONS_BOT : { login, id: this.seq.id(), type };
      this.users.set(login, found);
    }
    return found;
  }

  addRepository(fullName: string, options: { defaultBranch?: string } = {}): RepoState {
    const [owner = "", name = ""] = fullName.split("/");
    const state = new RepoState({
      owner: this.user(owner, "Organization"),
      name,
      id: this.seq.id(),
      defaultBranch: options.defaultBranch ?? "main",
      createdAt: this.seq.now(),
    });
    this.repos.set(fullName.toLowerCase(), state);
    return state;
  }

  repository(fullName: string): RepoState {
    const state = this.repos.get(fullName.toLowerCase());
    if (!state) throw new Error(`the double has no repository ${fullName}`);
    return state;
  }

  /** A personal/user token: GET /user answers with `login`. */
  addUserToken(token: string, login: string, permissions?: TokenGrant["permissions"]): DoubleUser {
    const user = this.user(login);
    this.tokens.set(token, permissions ? { user, installation: false, permissions } : { user, installation: false });
    return user;
  }

  /**
   * A workflow's GITHUB_TOKEN: acts as github-actions[bot], cannot call GET /user, and may do only what
   * `permissions` grants (undefined = everything).
   */
  addActionsToken(token: string, permissions?: TokenGrant["permissions"]): DoubleUser {
    const user = this.user(GITHUB_ACTIONS_BOT.login);
    this.tokens.set(token, permissions ? { user, installation: true, permissions } : { user, installation: true });
    return user;
  }

  openPullRequest(
    fullName: string,
    number: number,
    options: { title?: string; author?: string; head?: { sha: string; ref: string; repo: string } } = {},
  ): void {
    const repo = this.repository(fullName);
    const now = this.seq.now();
    repo.issues.push({
      id: this.seq.id(),
      number,
      title: options.title ?? `Pull request ${number}`,
      body: null,
      state: "open",
      stateReason: null,
      labels: [],
      user: this.user(options.author ?? "octocat"),
      pullRequest: true,
      ...(options.head ? { head: options.head } : {}),
      createdAt: now,
      updatedAt: now,
      closedAt: null,
    });
  }

  /** Puts a comment in place without going through the API (someone else wrote it earlier). */
  seedComment(fullName: string, issueNumber: number, author: string, body: string): number {
    const repo = this.repository(fullName);
    const now = this.seq.now();
    const id = this.seq.id();
    repo.comments.push({ id, issueNumber, body, user: this.user(author), createdAt: now, updatedAt: now });
    return id;
  }

  fail(fault: Fault): void {
    this.faults.push({ fault, left: fault.times ?? 1 });
  }

  /** GitHub's secondary rate limit: 403 with that wording and a retry-after (seconds). */
  secondaryRateLimit(operationId: string, retryAfterSeconds = 1): void {
    this.fail({
      operationId,
      status: 403,
      message:
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
      headers: { "retry-after": String(retryAfterSeconds) },
    });
  }

  /** A primary rate limit answered with 429 and retry-after. */
  tooManyRequests(operationId: string, retryAfterSeconds = 1): void {
    this.fail({
      operationId,
      status: 429,
      message: "API rate limit exceeded",
      headers: { "retry-after": String(retryAfterSeconds) },
    });
  }

  /** Fails the test that owns this double when any request broke GitHub's description. */
  assertNoViolations(): void {
    if (this.violations.length > 0) {
      throw new Error(`GitHub double: ${this.violations.length} violation(s):\n- ${this.violations.join("\n- ")}`);
    }
  }

  // --- request handling ---------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const requestUrl = new URL(req.url ?? "/", this.urls.api);
    const method = (req.method ?? "GET").toUpperCase();
    const token = parseToken(req.headers.authorization);
    const reply = this.answer(req, method, requestUrl, rawBody, token);
    this.requests.push({
      method,
      path: requestUrl.pathname + requestUrl.search,
      operationId: reply.operationId,
      status: reply.reply.status,
      token,
    });
    send(res, reply.reply);
  }

  private answer(
    req: IncomingMessage,
    method: string,
    requestUrl: URL,
    rawBody: Buffer,
    token: string | undefined,
  ): { reply: Reply; operationId?: string } {
    const where = `${method} ${requestUrl.pathname}${requestUrl.search}`;
    const uploads = requestUrl.pathname.startsWith(`${UPLOADS_PREFIX}/`);
    const local = uploads
      ? requestUrl.pathname.slice(UPLOADS_PREFIX.length)
      : requestUrl.pathname.startsWith(this.prefix)
        ? requestUrl.pathname.slice(this.prefix.length)
        : undefined;
    const match = local === undefined ? undefined : this.description.match(method, local);
    if (!match) {
      this.violations.push(`${where}: no operation of GitHub's REST description has this method and path`);
      return { reply: notFound() };
    }
    const { operation, pathParams } = match;
    const id = operation.operationId;
    if (operation.uploadsHost !== uploads) {
      this.violations.push(
        `${where}: ${id} is served by ${operation.uploadsHost ? "the uploads host" : "the API host"}`,
      );
    }
    if (!req.headers["user-agent"]) this.violations.push(`${where}: GitHub rejects requests without User-Agent`);
    const query = this.checkParameters(operation, pathParams, requestUrl.searchParams, where);
    const body = this.checkBody(operation, req, rawBody, where);

    const grant = token === undefined ? undefined : this.tokens.get(token);
    if (!grant) {
      return {
        operationId: id,
        reply: {
          status: 401,
          body: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" },
        },
      };
    }
    const fault = this.takeFault(id);
    if (fault) {
      return {
        operationId: id,
        reply: {
          status: fault.status,
          body: {
            message: fault.message ?? "Server Error",
            documentation_url: "https://docs.github.com/rest",
            status: String(fault.status),
          },
          headers: fault.headers ?? {},
        },
      };
    }
    const repo = pathParams.owner ? this.repos.get(`${pathParams.owner}/${pathParams.repo}`.toLowerCase()) : undefined;
    const denied = this.checkPermission(operation, grant, repo, pathParams);
    if (denied) return { operationId: id, reply: denied };

    const handler = handlers[id];
    if (!handler) {
      this.violations.push(`${where}: ${id} is in GitHub's description but the double does not implement it`);
      return { operationId: id, reply: notFound() };
    }
    const ctx: HandlerContext = {
      repo,
      params: pathParams,
      query,
      body,
      rawBody,
      headers: req.headers,
      grant,
      urls: this.urls,
      seq: this.seq,
      requestUrl,
      example: (name) => {
        const found = this.description.resolve(`#/components/examples/${name}`) as { value?: unknown } | null;
        return (found?.value ?? {}) as Record<string, unknown>;
      },
    };
    let reply: Reply;
    try {
      reply = handler(ctx);
    } catch (error) {
      if (!(error instanceof ReplyError)) throw error;
      reply = error.reply;
    }
    this.checkResponse(operation, reply, where);
    return { operationId: id, reply };
  }

  private checkParameters(
    operation: Operation,
    pathParams: Record<string, string>,
    search: URLSearchParams,
    where: string,
  ): Record<string, unknown> {
    for (const [name, value] of Object.entries(pathParams)) {
      const parameter = operation.parameters.find((p) => p.in === "path" && p.name === name);
      if (parameter?.schema) this.checkValue(parameter.schema, value, `${operation.operationId} path ${name}`, where);
    }
    const query: Record<string, unknown> = {};
    for (const [name, value] of search) {
      const parameter = operation.parameters.find((p) => p.in === "query" && p.name === name);
      if (!parameter) {
        this.violations.push(`${where}: query parameter "${name}" is not defined for ${operation.operationId}`);
        continue;
      }
      query[name] = parameter.schema
        ? this.checkValue(parameter.schema, value, `${operation.operationId} query ${name}`, where)
        : value;
    }
    for (const parameter of operation.parameters) {
      if (parameter.in === "query" && parameter.required && !search.has(parameter.name)) {
        this.violations.push(`${where}: required query parameter "${parameter.name}" is missing`);
      }
    }
    return query;
  }

  /** Coerces a string from the URL to the parameter's type and validates it; returns the coerced value. */
  private checkValue(schema: Json, raw: string, key: string, where: string): unknown {
    const type = schema && typeof schema === "object" && !Array.isArray(schema) ? schema.type : undefined;
    let value: unknown = raw;
    if (type === "integer" || type === "number") value = raw.trim() === "" ? raw : Number(raw);
    if (type === "boolean") value = raw === "true" ? true : raw === "false" ? false : raw;
    const errors = this.description.validate(schema, value, key);
    for (const e of errors) this.violations.push(`${where}: ${key} ${JSON.stringify(raw)}: ${e}`);
    return value;
  }

  private checkBody(operation: Operation, req: IncomingMessage, rawBody: Buffer, where: string): unknown {
    const id = operation.operationId;
    if (operation.requestMediaTypes.length === 0) {
      if (rawBody.length > 0)
        this.violations.push(`${where}: ${id} takes no request body, got ${rawBody.length} bytes`);
      return {};
    }
    if (!operation.requestMediaTypes.includes("application/json")) {
      if (operation.requestBodyRequired && rawBody.length === 0) this.violations.push(`${where}: ${id} needs a body`);
      if (!req.headers["content-type"]) this.violations.push(`${where}: ${id} needs a Content-Type header`);
      return {};
    }
    if (rawBody.length === 0) {
      if (operation.requestBodyRequired) this.violations.push(`${where}: ${id} needs a JSON body`);
      return {};
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString("utf8"));
    } catch {
      this.violations.push(`${where}: body is not JSON`);
      return {};
    }
    const schema = this.description.requestSchema(operation);
    if (schema !== undefined) {
      for (const e of this.description.validate(schema, body, `${id} request`)) {
        this.violations.push(`${where}: request body ${e}`);
      }
    }
    return body;
  }

  private checkResponse(operation: Operation, reply: Reply, where: string): void {
    if (reply.status < 200 || reply.status >= 300 || reply.raw || reply.body === undefined) return;
    const schema = this.description.responseSchema(operation, reply.status);
    if (schema === undefined) {
      this.violations.push(
        `${where}: the double answered ${reply.status}, which ${operation.operationId} does not document`,
      );
      return;
    }
    for (const e of this.description.validate(schema, reply.body, `${operation.operationId} ${reply.status}`)) {
      this.violations.push(`${where}: the double's own response breaks the description: ${e}`);
    }
  }

  private takeFault(operationId: string): Fault | undefined {
    const entry = this.faults.find((f) => f.fault.operationId === operationId && f.left > 0);
    if (!entry) return undefined;
    entry.left -= 1;
    return entry.fault;
  }

  private checkPermission(
    operation: Operation,
    grant: TokenGrant,
    repo: RepoState | undefined,
    params: Record<string, string>,
  ): Reply | undefined {
    if (!grant.permissions) return undefined;
    const need = requiredPermission(operation, repo, params);
    if (!need) return undefined;
    const rank = (a: Access | undefined): number => (a === "write" ? 2 : a === "read" ? 1 : 0);
    const wanted = rank(need.access);
    if (need.any.some((p) => rank(grant.permissions?.[p]) >= wanted)) return undefined;
    const accepted = need.any.map((p) => `${p}=${need.access}`).join("; ");
    return forbidden("Resource not accessible by integration", accepted);
  }
}

/** Which fine-grained permission an operation needs (alternatives in `any`), per GitHub's REST docs. */
function requiredPermission(
  operation: Operation,
  repo: RepoState | undefined,
  params: Record<string, string>,
): { any: Permission[]; access: Access } | undefined {
  const id = operation.operationId;
  const access: Access = operation.method === "GET" ? "read" : "write";
  if (id.startsWith("git/") || (id.startsWith("repos/") && id.includes("release")))
    return { any: ["contents"], access };
  if (id.startsWith("pulls/")) return { any: ["pull_requests"], access };
  if (id.startsWith("issues/")) {
    const number = Number(params.issue_number);
    let pull = Number.isFinite(number) && repo?.issue(number)?.pullRequest === true;
    if (params.comment_id && repo) {
      const comment = repo.comments.find((c) => c.id === Number(params.comment_id));
      pull = comment !== undefined && repo.issue(comment.issueNumber)?.pullRequest === true;
    }
    return { any: pull ? ["issues", "pull_requests"] : ["issues"], access };
  }
  return undefined;
}

function parseToken(header: string | undefined): string | undefined {
  const match = /^(?:token|bearer)\s+(.+)$/i.exec(header ?? "");
  return match?.[1];
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  if (reply.raw) {
    res.writeHead(reply.status, headers);
    res.end(reply.raw);
    return;
  }
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers["content-type"] = "application/json; charset=utf-8";
  res.writeHead(reply.status, headers);
  res.end(text);
}
