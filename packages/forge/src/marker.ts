/**
 * Hidden markers identify the comment or issue mlci owns for one model: `<!-- mlci:report:churn -->`.
 * HTML comments do not render on GitHub, so the marker costs the reader nothing.
 */
export type MarkerKind = "report" | "drift";

/** The marker for `kind` and model `name`; characters that could end the HTML comment are replaced. */
export function commentMarker(kind: MarkerKind, name: string): string {
  const safe = name.replace(/--+/g, "-").replace(/[<>]/g, "_").trim();
  return `<!-- mlci:${kind}:${safe} -->`;
}

/** True when `body` holds `marker` on a line of its own or anywhere in the text. */
export function hasMarker(body: string | null | undefined, marker: string): boolean {
  return typeof body === "string" && body.includes(marker);
}

/** The body with the marker as its first line (added only when missing). */
export function withMarker(body: string, marker: string): string {
  return hasMarker(body, marker) ? body : `${marker}\n${body}`;
}
