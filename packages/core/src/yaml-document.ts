import { isCollection, LineCounter, parseDocument, visit } from "yaml";
import type * as zcore from "zod/v4/core";
import type { Problem } from "./problem.js";
import { err, ok, type Result } from "./result.js";

/**
 * How many nodes one alias may stand for when the document is expanded (the yaml library's default,
 * stated here because it is a defence: a few lines of nested aliases would otherwise expand to
 * billions of nodes).
 */
export const MAX_ALIAS_COUNT = 100;

/** What parseYamlWithSchema needs of a zod/mini schema (zod-messages.ts says why zod/mini). */
export interface YamlSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: zcore.$ZodIssue[] } };
}

/**
 * Parses YAML text and validates it against a zod schema. Every problem names the file, line and
 * column, so a user can jump to it: syntax errors from the YAML parser, and schema violations placed
 * on the node they concern (or its nearest existing parent when a required key is missing).
 */
export function parseYamlWithSchema<T>(text: string, file: string, schema: YamlSchema<T>): Result<T, Problem[]> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return err(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return {
          kind: "config" as const,
          message: `YAML syntax error: ${firstLine(e.message)}`,
          location: { file, line: pos.line, column: pos.col },
          fix: "correct the YAML syntax (indentation, colons, quotes) at this position",
        };
      }),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (error) {
    // The yaml library stops an alias bomb (aliases of aliases, each doubling the data) with this error.
    if (!(error instanceof ReferenceError && /alias/i.test(error.message))) throw error;
    const pos = lineCounter.linePos(firstAliasOffset(doc) ?? 0);
    return err([
      {
        kind: "config",
        message: `YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} nodes through one alias): an alias bomb, or aliases nested too deeply`,
        location: { file, line: pos.line, column: pos.col },
        fix: "write the values out instead of nesting aliases (*name) of anchored collections",
      },
    ]);
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return ok(parsed.data);
  return err(
    parsed.error.issues.map((issue) => {
      const offset = offsetOf(doc, issue.path);
      const pos = offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
      const where = issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ` : "";
      return {
        kind: "config" as const,
        message: `${where}${describeIssue(issue)}`,
        location: { file, line: pos.line, column: pos.col },
      };
    }),
  );
}

function firstAliasOffset(doc: ReturnType<typeof parseDocument>): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/** The parser's first line, without its own " at line L, column C:" (the location is reported apart). */
function firstLine(message: string): string {
  const line = message.split("\n")[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, "");
}

/** Offset of the deepest node on `path` that exists in the document. */
function offsetOf(doc: ReturnType<typeof parseDocument>, path: readonly PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth) as (string | number)[];
    const node = depth === 0 ? doc.contents : doc.getIn(prefix, true);
    if (node && typeof node === "object" && "range" in node && Array.isArray(node.range)) {
      // Point at the key of a mapping entry when the value is a collection: that is where eyes go.
      if (depth > 0 && isCollection(node) && depth < path.length) return node.range[0] as number;
      return node.range[0] as number;
    }
  }
  return undefined;
}

function describeIssue(issue: zcore.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}; check the spelling`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return issue.message;
  }
}
