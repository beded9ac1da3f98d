import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local double of the two GitHub Actions services the train action talks to, as
 * @actions/cache (v4+, cache service v2) and @actions/artifact (v2+) call them:
 *
 * - the results service: Twirp over JSON at `ACTIONS_RESULTS_URL`, `POST /twirp/<service>/<method>`
 *   with `Authorization: Bearer $ACTIONS_RUNTIME_TOKEN`:
 *   CacheService.GetCacheEntryDownloadURL / CreateCacheEntry / FinalizeCacheEntryUpload and
 *   ArtifactService.CreateArtifact / FinalizeArtifact;
 * - blob storage at the signed URLs those methods return, spoken to by the Azure SDK (Put Blob,
 *   Put Block + Put Block List) for uploads and by a plain GET for cache downloads.
 *
 * Matching follows the service: an exact (key, version) first, then each restore key as a prefix,
 * newest entry first. Anything else (unknown method, missing token, a finalize without an upload)
 * is answered with an error and recorded in `unexpected`, so a test that ignores it still fails on
 * `assert.deepEqual(double.unexpected, [])`.
 */

export interface CacheEntry {
  readonly key: string;
  readonly version: string;
  readonly blob: string;
  finalized: boolean;
  sizeBytes?: number;
  readonly createdAt: number;
}

export interface ArtifactEntry {
  readonly name: string;
  readonly runBackendId: string;
  readonly jobBackendId: string;
  readonly blob: string;
  finalized: boolean;
  size?: number;
  hash?: string;
  id?: number;
}

export interface ActionsRuntimeDouble {
  /** For ACTIONS_RESULTS_URL. */
  readonly url: string;
  /** For ACTIONS_RUNTIME_TOKEN: a JWT whose `scp` claim names the run and job backend ids. */
  readonly token: string;
  readonly runBackendId: string;
  readonly jobBackendId: string;
  readonly calls: string[];
  readonly unexpected: string[];
  readonly caches: CacheEntry[];
  readonly artifacts: ArtifactEntry[];
  /** Stored blob content by blob path. */
  readonly blobs: Map<string, Buffer>;
  close(): Promise<void>;
}

const CACHE_SERVICE = "github.actions.results.api.v1.CacheService";
const ARTIFACT_SERVICE = "github.actions.results.api.v1.ArtifactService";

function base64url(value: string): string {
  return Buffer.from(value).toString("base64url");
}

export async function startActionsRuntimeDouble(): Promise<ActionsRuntimeDouble> {
  const runBackendId = "11111111-2222-3333-4444-555555555555";
  const jobBackendId = "66666666-7777-8888-9999-000000000000";
  const token = [
    base64url(JSON.stringify({ alg: "none", typ: "JWT" })),
    base64url(JSON.stringify({ scp: `Actions.GenericRead:x Actions.Results:${runBackendId}:${jobBackendId}` })),
    "unsigned",
  ].join(".");
  const calls: string[] = [];
  const unexpected: string[] = [];
  const caches: CacheEntry[] = [];
  const artifacts: ArtifactEntry[] = [];
  const blobs = new Map<string, Buffer>();
  const blocks = new Map<string, Map<string, Buffer>>();
  let clock = 0;
  let url = "";

  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const target = new URL(request.url ?? "/", url);
    try {
      if (target.pathname.startsWith("/twirp/")) {
        if (request.method !== "POST") return fail(response, 405, `${request.method} ${target.pathname}`);
        if (request.headers.authorization !== `Bearer ${token}`) {
          return fail(response, 401, `twirp call without the runtime token: ${target.pathname}`);
        }
        const [, , service, method] = target.pathname.split("/");
        calls.push(`${service?.split(".").pop()}.${method}`);
        const input = JSON.parse(body.toString("utf8") || "{}") as Record<string, unknown>;
        const output = twirp(`${service}/${method}`, input);
        if (output === undefined) return fail(response, 404, `unknown twirp method ${service}/${method}`);
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(output));
        return;
      }
      if (target.pathname.startsWith("/blob/")) return blob(request, response, target, body);
      return fail(response, 404, `${request.method} ${target.pathname}`);
    } catch (error) {
      return fail(response, 500, `double failed on ${request.method} ${target.pathname}: ${String(error)}`);
    }
  });

  function fail(response: ServerResponse, status: number, what: string): undefined {
    unexpected.push(what);
    response
      .writeHead(status, { "content-type": "application/json" })
      .end(JSON.stringify({ code: "unknown", msg: what }));
    return undefined;
  }

  function twirp(route: string, input: Record<string, unknown>): Record<string, unknown> | undefined {
    switch (route) {
      case `${CACHE_SERVICE}/GetCacheEntryDownloadURL`: {
        const version = String(input.version);
        const finalized = caches.filter((c) => c.finalized && c.version === version);
        const exact = finalized.find((c) => c.key === input.key);
        const restoreKeys = (input.restore_keys as string[] | undefined) ?? [];
        const newest = (prefix: string) =>
          finalized.filter((c) => c.key.startsWith(prefix)).sort((a, b) => b.createdAt - a.createdAt)[0];
        const match = exact ?? restoreKeys.map(newest).find((c) => c !== undefined);
        if (!match) return { ok: false, signed_download_url: "", matched_key: "" };
        return { ok: true, signed_download_url: `${url}${match.blob}?sig=read`, matched_key: match.key };
      }
      case `${CACHE_SERVICE}/CreateCacheEntry`: {
        const key = String(input.key);
        const version = String(input.version);
        if (caches.some((c) => c.key === key && c.version === version)) {
          return { ok: false, signed_upload_url: "", message: `cache entry ${key} already exists` };
        }
        const blob = `/blob/devstoreaccount1/caches/${caches.length + 1}.tzst`;
        caches.push({ key, version, blob, finalized: false, createdAt: ++clock });
        return { ok: true, signed_upload_url: `${url}${blob}?sig=write` };
      }
      case `${CACHE_SERVICE}/FinalizeCacheEntryUpload`: {
        const entry = caches.find((c) => c.key === input.key && c.version === input.version && !c.finalized);
        if (!entry || !blobs.has(entry.blob)) {
          unexpected.push(`FinalizeCacheEntryUpload without an uploaded entry: ${String(input.key)}`);
          return { ok: false, entry_id: "0", message: "no upload" };
        }
        entry.finalized = true;
        entry.sizeBytes = Number(input.size_bytes);
        return { ok: true, entry_id: String(caches.indexOf(entry) + 1) };
      }
      case `${ARTIFACT_SERVICE}/CreateArtifact`: {
        const name = String(input.name);
        if (input.workflow_run_backend_id !== runBackendId || input.workflow_job_run_backend_id !== jobBackendId) {
          unexpected.push("CreateArtifact with backend ids other than the token's");
        }
        if (artifacts.some((a) => a.name === name)) return { ok: false, signed_upload_url: "" };
        const blob = `/blob/devstoreaccount1/artifacts/${artifacts.length + 1}.zip`;
        artifacts.push({ name, runBackendId, jobBackendId, blob, finalized: false });
        return { ok: true, signed_upload_url: `${url}${blob}?sig=write` };
      }
      case `${ARTIFACT_SERVICE}/FinalizeArtifact`: {
        const entry = artifacts.find((a) => a.name === input.name && !a.finalized);
        const content = entry ? blobs.get(entry.blob) : undefined;
        if (!entry || !content) {
          unexpected.push(`FinalizeArtifact without an uploaded artifact: ${String(input.name)}`);
          return { ok: false, artifact_id: "0" };
        }
        const hash = (input.hash as string | undefined) ?? "";
        const actual = `sha256:${createHash("sha256").update(content).digest("hex")}`;
        if (hash !== actual) unexpected.push(`FinalizeArtifact hash ${hash} but uploaded ${actual}`);
        entry.finalized = true;
        entry.size = Number(input.size);
        entry.hash = hash;
        entry.id = artifacts.indexOf(entry) + 1;
        return { ok: true, artifact_id: String(entry.id) };
      }
      default:
        return undefined;
    }
  }

  /** Azure Blob Storage, the operations the Azure SDK's uploadFile/uploadStream use, plus GET. */
  function blob(request: IncomingMessage, response: ServerResponse, target: URL, body: Buffer): undefined {
    const path = target.pathname;
    if (!target.searchParams.get("sig")) return fail(response, 403, `blob request without a signature: ${path}`);
    const headers = { etag: '"0x1"', "last-modified": new Date(0).toUTCString(), "x-ms-request-id": "double" };
    if (request.method === "GET") {
      const content = blobs.get(path);
      if (!content) return fail(response, 404, `GET of a blob never uploaded: ${path}`);
      calls.push("blob.Get");
      response.writeHead(200, { ...headers, "content-length": content.length }).end(content);
      return;
    }
    if (request.method !== "PUT") return fail(response, 405, `${request.method} ${path}`);
    const comp = target.searchParams.get("comp");
    if (comp === "block") {
      const id = target.searchParams.get("blockid") ?? "";
      const pending = blocks.get(path) ?? new Map<string, Buffer>();
      pending.set(id, body);
      blocks.set(path, pending);
      calls.push("blob.PutBlock");
    } else if (comp === "blocklist") {
      const ids = [...body.toString("utf8").matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g)].map((m) => m[1]);
      const pending = blocks.get(path) ?? new Map<string, Buffer>();
      const parts = ids.map((id) => pending.get(id as string));
      if (parts.some((p) => p === undefined)) return fail(response, 400, `block list names unknown blocks: ${path}`);
      blobs.set(path, Buffer.concat(parts as Buffer[]));
      blocks.delete(path);
      calls.push("blob.PutBlockList");
    } else if (comp === null) {
      if (request.headers["x-ms-blob-type"] !== "BlockBlob")
        return fail(response, 400, `Put Blob without x-ms-blob-type`);
      blobs.set(path, body);
      calls.push("blob.PutBlob");
    } else {
      return fail(response, 400, `unsupported blob operation comp=${comp}`);
    }
    response.writeHead(201, { ...headers, "content-length": 0 }).end();
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    token,
    runBackendId,
    jobBackendId,
    calls,
    unexpected,
    caches,
    artifacts,
    blobs,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}
