import { STEP_SUMMARY_LIMIT_BYTES } from "@mlci/report/fit.js";

// GitHub drops a step summary larger than STEP_SUMMARY_LIMIT_BYTES (and the upload fails the step's
// summary with an error annotation), so the action keeps below it with room for the note.
// https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#step-isolation-and-limits
const NOTE_ROOM_BYTES = 200;

/** The summary unchanged when it fits, else cut at a line boundary with a note saying where the rest is. */
export function fitSummary(markdown: string, limitBytes = STEP_SUMMARY_LIMIT_BYTES, restIn = "the log"): string {
  if (Buffer.byteLength(markdown, "utf8") <= limitBytes) return markdown;
  const budget = limitBytes - NOTE_ROOM_BYTES;
  const lines = markdown.split("\n");
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line, "utf8") + 1;
    if (used + size > budget) break;
    kept.push(line);
    used += size;
  }
  const cut = lines.length - kept.length;
  return `${kept.join("\n")}\n\n> The summary was cut to fit GitHub's 1 MiB limit: ${cut} more lines are in ${restIn}.\n`;
}
