/**
 * The one escaping layer for untrusted text in GitHub-flavoured markdown. Every string that came from a
 * file or from data (model, column and check names, categories, paths, messages) goes through one of
 * these functions before it reaches a PR comment, a drift issue or a model card: in the fork-PR flow
 * those files are written by the pull request's code, and the comment is posted with a write token.
 *
 * What the escaped text can no longer do: open raw HTML (`<img>`, `</details>`, a `<!-- mlci:… -->`
 * marker), start a heading, list, quote or table row, make a link, an image or an autolink, emphasis,
 * strikethrough or math, ping a user or team (`@org/team`), or cross-reference an issue (`#1`, `GH-1`).
 * It lives in core because the drift issue (core) and the reports (packages/report) both render it.
 */

/** Longest name shown (model, column, metric, check, category, label): a table stays scannable. */
export const MAX_NAME_CHARS = 100;
/** Longest path or data source shown. */
export const MAX_PATH_CHARS = 200;
/** Longest free text shown (a check's message, a gate's reason). */
export const MAX_MESSAGE_CHARS = 300;

/** Zero-width space: breaks `@name`, `#1`, `http://` and `www.` for GitHub without changing what a reader sees. */
const ZWSP = "\u200b";

/**
 * C0/C1 controls other than whitespace, and the bidirectional overrides and isolates that make text
 * read differently from what it is ("Trojan Source").
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Cuts `text` to at most `max` characters (whole code points), marking the cut with "…". */
export function truncate(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `${points.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/** One line of visible text: controls removed, every run of whitespace (newlines too) one space, trimmed. */
function oneLine(text: string, max: number): string {
  return truncate(text.replace(INVISIBLE, "").replace(/\s+/g, " ").trim(), max);
}

/**
 * Markdown's ASCII punctuation that starts inline syntax: emphasis (`*`, `_`), code (`` ` ``), links and
 * images (`[`, `]`, `!`), strikethrough (`~`), table cells (`|`), math (`$`), headings and references
 * (`#`), and the backslash itself (`_` below). Backslash escapes are valid anywhere in CommonMark, table cells
 * included (GitHub's table parser unescapes `\|` before the inline parser sees the cell).
 */
const MARKDOWN_PUNCTUATION = /[\\`*[\]!~|$#]/g;

/**
 * `_` emphasises only at a word's edge (GFM never opens or closes `_` emphasis between two letters or
 * digits), so `log_loss` stays readable in the markdown source and `_x_` is escaped.
 */
const EDGE_UNDERSCORE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

/**
 * A value at the start of a line (a list item's text, say) must not begin a block of its own: a bullet
 * (`- `, `+ `), a numbered item (`1. `, `1) `), or a line of dashes or equals signs (a rule, or a setext
 * heading's underline). `#`, `>` and `*` are escaped everywhere anyway.
 */
function escapeBlockStart(text: string): string {
  if (/^[-+](?=\s|$)/.test(text) || /^(?:[-=]\s*)+$/.test(text)) return `\\${text}`;
  return text.replace(/^(\d{1,9})([.)])(?=\s|$)/, "$1\\$2");
}

/**
 * Plain text for any inline position: a paragraph, a heading, a list item, link text or a table cell.
 * Rendered, it shows `text` (one line, at most `max` characters) and nothing else.
 */
export function escapeText(text: string, max: number = MAX_NAME_CHARS): string {
  const escaped = oneLine(text, max)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
    .replace(EDGE_UNDERSCORE, "\\_");
  return neutraliseReferences(escapeBlockStart(escaped));
}

/**
 * GitHub links mentions, issue references and bare URLs in the rendered text, after markdown (so a
 * backslash escape does not stop them); a zero-width space after the trigger does.
 */
function neutraliseReferences(text: string): string {
  return text
    .replace(/@/g, `@${ZWSP}`)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1${ZWSP}-`)
    .replace(/:(?=\/\/)/g, `:${ZWSP}`)
    .replace(/\b(www)\./gi, `$1${ZWSP}.`);
}

/**
 * Inline code showing `text` literally: the fence is one backtick longer than the longest run of
 * backticks inside, and padded with a space where the text starts or ends with a backtick or a space
 * (CommonMark strips one space from each side). GitHub links nothing inside code, so nothing else is
 * needed outside tables; use `escapeCodeCell` inside a table.
 */
export function escapeCode(text: string, max: number = MAX_PATH_CHARS): string {
  // Only spaces are shown as they are (CommonMark strips nothing then); empty code shows one space.
  const content = oneLineKeepingSpaces(text, max) || " ";
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = /^[` ]|[` ]$/.test(content) && !/^ +$/.test(content) ? " " : "";
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** Inline code inside a GFM table cell: as `escapeCode`, with pipes escaped so the cell is not split. */
export function escapeCodeCell(text: string, max: number = MAX_PATH_CHARS): string {
  return escapeCode(text, max).replace(/\|/g, "\\|");
}

/** Code spans keep inner spaces (they are shown), but never a line break. */
function oneLineKeepingSpaces(text: string, max: number): string {
  return truncate(text.replace(INVISIBLE, "").replace(/[\r\n\t\f\v]+/g, " "), max);
}
