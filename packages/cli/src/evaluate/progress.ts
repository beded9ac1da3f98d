import type { Io } from "../program.js";

/** Redraws at most this often: a terminal does not need more, and each redraw costs a write. */
const REDRAW_MS = 200;

export interface Progress {
  advance(rows: number): void;
  done(): void;
}

export const noProgress: Progress = { advance() {}, done() {} };

/** A one-line progress bar on stderr (only when stderr is a terminal: CI logs get no carriage returns). */
export function createProgress(
  io: Io,
  total: number | undefined,
  label: string,
  clock: () => number = () => performance.now(),
): Progress {
  let rows = 0;
  let last = Number.NEGATIVE_INFINITY;
  const started = clock();
  const draw = (): void => {
    const seconds = (clock() - started) / 1000;
    const rate = seconds > 0 ? Math.round(rows / seconds) : 0;
    const share = total ? ` ${Math.floor((100 * rows) / total)}%` : "";
    const width = 24;
    const filled = total ? Math.round((width * rows) / total) : 0;
    const bar = total ? ` [${"#".repeat(filled)}${"-".repeat(width - filled)}]` : "";
    io.stderr(`\r${label}${bar}${share} ${rows.toLocaleString("en-US")} rows, ${rate.toLocaleString("en-US")} rows/s `);
  };
  return {
    advance(n) {
      rows += n;
      const now = clock();
      if (now - last >= REDRAW_MS) {
        last = now;
        draw();
      }
    },
    done() {
      draw();
      io.stderr("\n");
    },
  };
}
