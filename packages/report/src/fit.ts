/**
 * Keeping a report under a size limit: essential parts always stay, optional parts (the folded
 * details) are dropped from the end until the rest fits, and a note says what was cut. If the
 * essential parts alone are too long, the text is cut at the limit on a line boundary.
 */

/** GitHub refuses issue and comment bodies longer than this many characters. */
export const GITHUB_BODY_LIMIT = 65_536;
/** GitHub shows at most 1 MiB of job summary per step. */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;
/**
 * Room kept free under GitHub's limit for the hidden marker the forge adds and for the note itself
 * (and for a safety margin: GitHub counts characters slightly differently from JavaScript strings).
 */
const RESERVED = 1_024;

export interface ReportPart {
  readonly text: string;
  /** Essential parts are never dropped; optional ones go first, from the last. */
  readonly essential: boolean;
  /** How the note names this part when it is cut. */
  readonly title?: string;
}

export interface FitResult {
  readonly text: string;
  /** Titles of the parts that were dropped (empty when everything fit). */
  readonly cut: readonly string[];
  readonly truncated: boolean;
}

export type Measure = (text: string) => number;

export const characters: Measure = (text) => text.length;
export const utf8Bytes: Measure = (text) => Buffer.byteLength(text, "utf8");

export function fitParts(
  parts: readonly ReportPart[],
  limit: number,
  measure: Measure,
  where: string,
  elsewhere: string,
): FitResult {
  const budget = limit - RESERVED;
  const kept = [...parts];
  const cut: string[] = [];
  const size = () => measure(kept.map((p) => p.text).join("\n"));
  for (let i = kept.length - 1; i >= 0 && size() > budget; i -= 1) {
    const part = kept[i];
    if (part && !part.essential) {
      kept.splice(i, 1);
      cut.unshift(part.title ?? "details");
    }
  }
  let text = kept.map((p) => p.text).join("\n");
  let truncated = false;
  if (measure(text) > budget) {
    text = cutAt(text, budget, measure);
    truncated = true;
  }
  if (cut.length > 0 || truncated) {
    const what = cut.length > 0 ? `left out ${cut.join(", ")}` : "cut the end of the report";
    text += `\n> [!NOTE]\n> This report was too long for ${where} and mlci ${what}${truncated && cut.length > 0 ? " and cut the end" : ""}. ${elsewhere}\n`;
  }
  return { text, cut, truncated };
}

/** The longest prefix of whole lines within `budget`; an open <details> or code fence is closed. */
function cutAt(text: string, budget: number, measure: Measure): string {
  const lines = text.split("\n");
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(lines.slice(0, mid).join("\n")) <= budget - 64) low = mid;
    else high = mid - 1;
  }
  let head = lines.slice(0, low).join("\n");
  if ((head.match(/^```/gm) ?? []).length % 2 === 1) head += "\n```";
  const open = (head.match(/<details>/g) ?? []).length - (head.match(/<\/details>/g) ?? []).length;
  for (let i = 0; i < open; i += 1) head += "\n</details>";
  return `${head}\n`;
}
