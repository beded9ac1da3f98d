import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Problem } from "@mlci/core/problem.js";

const DELIMITER_CANDIDATES = [",", ";", "\t", "|"] as const;

/** Fields in one CSV line, honouring double quotes (a quoted field may hold the delimiter). */
function countFields(line: string, delimiter: string): { fields: number; openQuote: boolean } {
  let fields = 1;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) fields++;
  }
  return { fields, openQuote: quoted };
}

/** The candidate that occurs most often in the header line. */
export function guessDelimiter(header: string): string {
  let best: string = ",";
  let bestCount = 0;
  for (const candidate of DELIMITER_CANDIDATES) {
    const count = header.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Finds the first line whose number of fields differs from the header's. DuckDB's sniffer gives up on
 * small files with a ragged row without naming it, so on that error path mlci reads the file once more,
 * line by line, to tell the user where to look. Quoted fields spanning lines are followed.
 */
export async function findRaggedRow(path: string, delimiter?: string): Promise<Problem | undefined> {
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Number.POSITIVE_INFINITY });
  let expected: number | undefined;
  let sep = delimiter;
  let lineNumber = 0;
  let pending = "";
  let pendingStart = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      const text = pending ? `${pending}\n${line}` : line;
      if (!pending) pendingStart = lineNumber;
      if (sep === undefined) sep = guessDelimiter(text);
      const { fields, openQuote } = countFields(text, sep);
      if (openQuote) {
        pending = text;
        continue;
      }
      pending = "";
      if (text.trim() === "") continue;
      if (expected === undefined) {
        expected = fields;
      } else if (fields !== expected) {
        return {
          kind: "input",
          message: `malformed CSV row: expected ${expected} fields like the header, found ${fields}`,
          location: { file: path, line: pendingStart },
          fix: "make every row have the header's number of fields (quote fields that contain the delimiter)",
        };
      }
    }
  } finally {
    lines.close();
  }
  if (pending) {
    return {
      kind: "input",
      message: "a quoted field is never closed",
      location: { file: path, line: pendingStart },
      fix: 'close the quote, or double the quote character inside quoted fields ("")',
    };
  }
  return undefined;
}
