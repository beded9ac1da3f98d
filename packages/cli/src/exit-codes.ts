/** The exit codes every command shares (documented in the README). */
export const ExitCode = {
  /** Everything ran and every error-level check or gate passed. */
  ok: 0,
  /** A check, gate or drift test failed: the run worked and its answer is "no". */
  failed: 1,
  /** Usage, configuration or input error: the run could not give an answer. */
  usage: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
