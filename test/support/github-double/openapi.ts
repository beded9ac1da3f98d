/**
 * GitHub's official REST description (`@octokit/openapi`, api.github.com.json) turned into a route
 * table and request/response validators. The double refuses to guess: a request whose method and path
 * match no operation of the description, or whose query or body breaks the operation's schema, is a
 * violation that fails the test.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv-formats ships CommonJS with `export default`; under NodeNext the callable is the module itself.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Parameter {
  readonly name: string;
  readonly in: "path" | "query" | "header" | "cookie";
  readonly required?: boolean;
  readonly schema?: JsonObject;
  readonly "x-multi-segment"?: boolean;
}

export interface Operation {
  readonly operationId: string;
  readonly method: string;
  readonly template: string;
  readonly parameters: readonly Parameter[];
  readonly requestBodyRequired: boolean;
  /** The media types the description accepts for the body (empty when the operation takes none). */
  readonly requestMediaTypes: readonly string[];
  readonly uploadsHost: boolean;
  readonly raw: JsonObject;
}

export interface RouteMatch {
  readonly operation: Operation;
  readonly pathParams: Record<string, string>;
}

interface Route {
  readonly operation: Operation;
  readonly regex: RegExp;
  readonly names: readonly string[];
  /** More literal segments win: `/releases/latest` before `/releases/{release_id}`. */
  readonly literalSegments: number;
}

const SPEC_ID = "https://api.github.com/openapi.json";

export class GitHubDescription {
  readonly spec: JsonObject;
  private readonly routes: Route[];
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(spec: JsonObject) {
    this.spec = spec;
    this.routes = buildRoutes(spec, (ref) => this.resolve(ref));
    // strict: false because the description carries OpenAPI keywords (example, x-github...) that are
    // not JSON Schema; `nullable` is understood by Ajv itself.
    this.ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
    addFormats(this.ajv);
    this.ajv.addSchema({ components: nullableToJsonSchema(spec.components ?? {}) } as object, SPEC_ID);
  }

  /** Follows a local `#/...` reference inside the description. */
  resolve(ref: string): Json {
    let node: Json = this.spec;
    for (const raw of ref.replace(/^#\//, "").split("/")) {
      const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      if (node === null || typeof node !== "object" || Array.isArray(node)) return null;
      node = node[key] ?? null;
    }
    return node;
  }

  match(method: string, pathname: string): RouteMatch | undefined {
    let best: { route: Route; values: RegExpExecArray } | undefined;
    for (const route of this.routes) {
      if (route.operation.method !== method) continue;
      const values = route.regex.exec(pathname);
      if (!values) continue;
      if (!best || route.literalSegments > best.route.literalSegments) best = { route, values };
    }
    if (!best) return undefined;
    const pathParams: Record<string, string> = {};
    best.route.names.forEach((name, i) => {
      pathParams[name] = decodeURIComponent(best.values[i + 1] ?? "");
    });
    return { operation: best.route.operation, pathParams };
  }

  /** Validates `value` against a schema of the description; returns readable errors (empty = valid). */
  validate(schema: Json, value: unknown, key: string): string[] {
    let validator = this.validators.get(key);
    if (!validator) {
      // Local refs (#/components/...) are rewritten to point into the registered description.
      const rewritten = JSON.parse(
        JSON.stringify(nullableToJsonSchema(schema)).replaceAll('"#/components/', `"${SPEC_ID}#/components/`),
      );
      validator = this.ajv.compile(rewritten);
      this.validators.set(key, validator);
    }
    if (validator(value)) return [];
    return (validator.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || "(root)"} ${e.message ?? "invalid"}`);
  }

  /** The JSON schema of the response for `status`, when the description documents one. */
  responseSchema(operation: Operation, status: number): Json | undefined {
    const responses = operation.raw.responses as JsonObject | undefined;
    let response = responses?.[String(status)] as JsonObject | undefined;
    if (!response) return undefined;
    if (typeof response.$ref === "string") response = this.resolve(response.$ref) as JsonObject;
    const content = response?.content as JsonObject | undefined;
    const json = content?.["application/json"] as JsonObject | undefined;
    return json?.schema;
  }

  /** The JSON schema of the request body, when the operation takes JSON. */
  requestSchema(operation: Operation): Json | undefined {
    const body = operation.raw.requestBody as JsonObject | undefined;
    const content = body?.content as JsonObject | undefined;
    const json = content?.["application/json"] as JsonObject | undefined;
    return json?.schema;
  }

  documentedStatuses(operation: Operation): number[] {
    return Object.keys((operation.raw.responses as JsonObject | undefined) ?? {}).map(Number);
  }
}

function buildRoutes(spec: JsonObject, resolve: (ref: string) => Json): Route[] {
  const routes: Route[] = [];
  const paths = (spec.paths ?? {}) as Record<string, JsonObject>;
  for (const [template, item] of Object.entries(paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!["get", "post", "patch", "put", "delete"].includes(method)) continue;
      const op = value as JsonObject;
      const parameters = ((op.parameters ?? []) as JsonObject[]).map((p) =>
        typeof p.$ref === "string" ? (resolve(p.$ref) as unknown as Parameter) : (p as unknown as Parameter),
      );
      const body = op.requestBody as JsonObject | undefined;
      const servers = (op.servers ?? []) as JsonObject[];
      const operation: Operation = {
        operationId: String(op.operationId),
        method: method.toUpperCase(),
        template,
        parameters,
        requestBodyRequired: body?.required === true,
        requestMediaTypes: Object.keys((body?.content ?? {}) as JsonObject),
        uploadsHost: servers.some((s) => String(s.url).includes("uploads.github.com")),
        raw: op,
      };
      const names: string[] = [];
      const pattern = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
        names.push(name);
        const multi = parameters.some((p) => p.name === name && p.in === "path" && p["x-multi-segment"]);
        return multi ? "(.+)" : "([^/]+)";
      });
      const literalSegments = template.split("/").filter((s) => s && !s.startsWith("{")).length;
      routes.push({ operation, regex: new RegExp(`^${pattern}$`), names, literalSegments });
    }
  }
  return routes;
}

/**
 * OpenAPI 3.0 writes "may be null" as `nullable: true`. Ajv understands it next to `type` only; next to
 * oneOf/allOf/$ref it becomes `anyOf: [schema, {type: "null"}]`, which is what the description means.
 */
function nullableToJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(nullableToJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = nullableToJsonSchema(value);
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _, ...rest } = out;
    return { anyOf: [rest, { type: "null" }] };
  }
  return out;
}

let cached: GitHubDescription | undefined;

/** Loads api.github.com.json once per process (13 MB; about 150 ms to parse). */
export function loadGitHubDescription(): GitHubDescription {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
    cached = new GitHubDescription(JSON.parse(readFileSync(file, "utf8")) as JsonObject);
  }
  return cached;
}

export type { Json, JsonObject, Parameter };
