/**
 * Hidden markers identify the comment or issue mlci owns for one model: `<!-- mlci:report:churn -->`.
 * HTML comments do not render on GitHub, so the marker costs the reader nothing. A marker is always the
 * body's first line and is matched there only, as the whole line: a comment that quotes a marker further
 * down, or the marker of model `churn-eu`, is not the comment of model `churn`.
 */
import { createHash } from "node:crypto";

export type MarkerKind = "report" | "drift";

/**
 * Longest model name kept readable in a marker. The marker counts against GitHub's 65,536-character
 * body limit (the report reserves room for it), so a longer name is cut and made unique by its hash.
 */
export const MAX_MARKER_NAME_CHARS = 64;
/** Hex digits of the name's SHA-256 that keep a cut or cleaned name unique (48 bits). */
const HASH_DIGITS = 12;
/** Names written as they are; anything else is cleaned and gets a hash suffix. */
const PLAIN_NAME = /^[A-Za-z0-9._/@+=,:]+(?:-[A-Za-z0-9._/@+=,:]+)*$/;

/**
 * The marker for `kind` and model `name`. A plain name (letters, digits and `._/@+=,:`, with single
 * dashes between them, at most 64 characters) is written as it is; any other name (spaces, `--`, `<`,
 * `>`, line breaks, a trailing dash, too long) is cleaned of the characters that could end or break the
 * HTML comment and suffixed with a hash of the whole name, so two names never share a marker.
 */
export function commentMarker(kind: MarkerKind, name: string): string {
  return `<!-- mlci:${kind}:${markerName(name)} -->`;
}

function markerName(name: string): string {
  if (PLAIN_NAME.test(name) && name.length <= MAX_MARKER_NAME_CHARS) return name;
  const cleaned = Array.from(name.replace(/[^A-Za-z0-9._/@+=,:-]+/g, "_").replace(/-{2,}/g, "-"))
    .slice(0, MAX_MARKER_NAME_CHARS)
    .join("");
  const hash = createHash("sha256").update(name, "utf8").digest("hex").slice(0, HASH_DIGITS);
  return `${cleaned}~${hash}`;
}

/** True when the first line of `body` is `marker` (surrounding spaces and a CR ignored). */
export function hasMarker(body: string | null | undefined, marker: string): boolean {
  if (typeof body !== "string") return false;
  const newline = body.indexOf("\n");
  const first = newline < 0 ? body : body.slice(0, newline);
  return first.trim() === marker;
}

/** The body with the marker as its first line (added only when missing). */
export function withMarker(body: string, marker: string): string {
  return hasMarker(body, marker) ? body : `${marker}\n${body}`;
}
