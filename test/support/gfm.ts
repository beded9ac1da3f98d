/**
 * GitHub's own markdown renderer, cmark-gfm (Debian package `cmark-gfm`), with the extensions GitHub
 * turns on, and a reader of what its HTML shows: links, images, headings, raw HTML tags, comments, and
 * the mentions and issue references GitHub adds after rendering. Tests use it to prove that text from
 * an artifact renders as text. When the binary is absent, `renderGfm` returns undefined and the caller
 * skips with `GFM_MISSING` as the reason (CI installs it in .ci/run).
 */
import { spawnSync } from "node:child_process";

export const GFM_MISSING = "cmark-gfm is not installed (apt-get install -y cmark-gfm): GitHub's renderer is needed";

let available: boolean | undefined;

export function gfmAvailable(): boolean {
  available ??= spawnSync("cmark-gfm", ["--version"], { encoding: "utf8" }).status === 0;
  return available;
}

/** HTML as github.com renders `markdown` (raw HTML allowed, then tag-filtered, as GitHub does). */
export function renderGfm(markdown: string): string | undefined {
  if (!gfmAvailable()) return undefined;
  const result = spawnSync(
    "cmark-gfm",
    ["--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough", "-e", "tagfilter"],
    { input: markdown, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`cmark-gfm failed: ${result.stderr}`);
  return result.stdout;
}

export interface RenderedHtml {
  /** href of every <a>. */
  readonly links: string[];
  /** src of every <img>. */
  readonly images: string[];
  /** Text of every <h1>…<h6>. */
  readonly headings: string[];
  /** Names of every element, e.g. ["p", "details", "table", …]. */
  readonly tags: string[];
  /** Every HTML comment, e.g. "<!-- mlci:report:churn -->". */
  readonly comments: string[];
  /** `@name` in the visible text outside code: GitHub would ping these. */
  readonly mentions: string[];
  /** `#123` / `GH-123` in the visible text outside code: GitHub would cross-reference these. */
  readonly references: string[];
  /** The visible text (tags removed, entities decoded), code included. */
  readonly text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_m, name: string) => ENTITIES[name] ?? "");
}

/** Reads rendered HTML as a reader and GitHub's post-processing see it. */
export function readHtml(html: string): RenderedHtml {
  const attr = (tag: string, name: string) =>
    [...html.matchAll(new RegExp(`<${tag}\\b[^>]*\\b${name}="([^"]*)"`, "gi"))].map((m) => decode(m[1] ?? ""));
  const withoutCode = html.replace(/<code>[\s\S]*?<\/code>/g, " ").replace(/<pre>[\s\S]*?<\/pre>/g, " ");
  const visible = (fragment: string) => decode(fragment.replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]+>/g, ""));
  const outsideCode = visible(withoutCode);
  return {
    links: attr("a", "href"),
    images: attr("img", "src"),
    headings: [...html.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/gi)].map((m) => visible(m[2] ?? "")),
    tags: [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)\b/g)].map((m) => (m[1] ?? "").toLowerCase()),
    comments: [...html.matchAll(/<!--[\s\S]*?-->/g)].map((m) => m[0]),
    // GitHub's rule for mentions: @ not after a word character, then a login (and /team).
    mentions: [...outsideCode.matchAll(/(?<![\w`])@[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9_-]+)?/g)].map((m) => m[0]),
    references: [...outsideCode.matchAll(/(?<![\w&])(?:#|GH-)\d+/gi)].map((m) => m[0]),
    text: visible(html),
  };
}
