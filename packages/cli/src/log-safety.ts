/**
 * What mlci prints is safe on a terminal and in an Actions log.
 *
 * On a GitHub Actions runner every line a step prints is read for workflow commands: a line that
 * starts, after blanks, with `::name::` (or the old `##[name]`) adds a mask or an annotation, opens a
 * group, stops command processing, or (deprecated, still honoured) sets a step output. Text mlci prints
 * carries strings from data, contracts and artifacts (a column name, a category, a segment): a value
 * holding a line break and `::set-output ...` would otherwise be a command the runner obeys. mlci's own
 * commands (add-mask, secrets.ts) go straight to the process, never through a guarded stream. A
 * terminal obeys control characters in the same text (CONTROL below).
 */

import type { Io } from "./program.js";

/** Zero width space: not a blank to the runner's TrimStart, so the line no longer starts with `::`. */
export const INERT = "\u200b";
/** A line the runner would read as a command: blanks, then `::` or `##[`. */
const COMMAND_START = /^[ \t]*(::|##\[)/;
/** The start of a line that the next write could complete into a command. */
const COMMAND_PREFIX = /^[ \t]*(:|#|##)?$/;

/**
 * A transform for one output stream (stdout or stderr): every line that would start a workflow
 * command gets INERT in front. Lines end at \n or \r (the runner's reader splits at either), and a
 * line may arrive in several writes, so the stream remembers whether the next write starts a line; a
 * write that ends in what could become a command (`  :`) is made inert too.
 */
export function workflowCommandGuard(): (text: string) => string {
  let atLineStart = true;
  return (text) => {
    let out = "";
    let offset = 0;
    while (offset < text.length) {
      const end = nextBreak(text, offset);
      const piece = end === -1 ? text.slice(offset) : text.slice(offset, end + 1);
      const risky = COMMAND_START.test(piece) || (end === -1 && COMMAND_PREFIX.test(piece));
      out += atLineStart && risky ? INERT + piece : piece;
      atLineStart = end !== -1;
      offset += piece.length;
    }
    return out;
  };
}

function nextBreak(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return -1;
}

/**
 * Control characters a terminal obeys (ESC starts colour, cursor, title and clipboard sequences; C1
 * codes do the same on some terminals), except the tab, line feed and carriage return mlci prints
 * itself. mlci writes no escape sequence of its own, so any that reaches its output came from data.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** `text` with every terminal control character shown as its code (`\x1b`), so none is obeyed. */
export function showControlCharacters(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/**
 * `io` as mlci prints through it: no terminal control character from data is obeyed, and on an Actions
 * runner (`commands`) no line is a workflow command (each stream remembers its own line starts).
 */
export function guardIo(io: Io, options: { commands: boolean }): Io {
  const guard = (): ((text: string) => string) => {
    const commands = options.commands ? workflowCommandGuard() : (text: string) => text;
    return (text) => commands(showControlCharacters(text));
  };
  const stdout = guard();
  const stderr = guard();
  return { stdout: (text) => io.stdout(stdout(text)), stderr: (text) => io.stderr(stderr(text)) };
}
