import type { Io } from "../program.js";

/** Redraws at most this often: a terminal does not need more, and each redraw costs a write. */
const REDRAW_MS = 200;

export interface Progress {
  advance(rows: number): void;
  done(): void;
}

export const noProgress: Progress = { advance() {}, done() {} };

/** Starts a progress bar of `total` units (or none, when progress is off). */
export type StartProgress = (total: number, label: string, unit: string) => Progress;

/**
 * A one-line progress bar on stderr of `total` units (rows read, resamples drawn); only when stderr
 * is a terminal: CI logs get no carriage returns.
 */
export function createProgress(
  io: Io,
  total: number | undefined,
  label: string,
  clock: () => number = () => performance.now(),
  unit = "rows",
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
    io.stderr(
      `\r${label}${bar}${share} ${rows.toLocaleString("en-US")} ${unit}, ${rate.toLocaleString("en-US")} ${unit}/s `,
    );
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

/** Progress bars on `io` when `enabled`, none otherwise. */
export function progressStarter(io: Io, enabled: boolean): StartProgress {
  return enabled ? (total, label, unit) => createProgress(io, total, label, undefined, unit) : () => noProgress;
}

/** A callback of cumulative counts (done so far) that advances `progress` by the difference. */
export function cumulative(progress: Progress): (done: number) => void {
  let last = 0;
  return (done) => {
    if (done > last) progress.advance(done - last);
    last = Math.max(last, done);
  };
}
