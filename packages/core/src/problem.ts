/**
 * A problem the user has to fix, described well enough to fix it: where it is (file, line, column),
 * what is wrong, and what to do. Adapters turn problems into messages and exit codes; the core only
 * describes them.
 */
export type ProblemKind =
  /** Wrong command-line usage: exit 2. */
  | "usage"
  /** mlci.yml, a contract or another configuration file is invalid: exit 2. */
  | "config"
  /** A data, model or results file cannot be read or makes no sense: exit 2. */
  | "input";

export interface SourceLocation {
  readonly file: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based. */
  readonly column?: number;
}

export interface Problem {
  readonly kind: ProblemKind;
  readonly message: string;
  readonly location?: SourceLocation;
  /** What the user can do about it, phrased as an instruction. */
  readonly fix?: string;
}

export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.line !== undefined && location.column !== undefined) text += `:${location.column}`;
  return text;
}

/** One line per problem: `file:line:col: message (fix)`. */
export function formatProblem(problem: Problem): string {
  const where = problem.location ? `${formatLocation(problem.location)}: ` : "";
  const fix = problem.fix ? `\n  fix: ${problem.fix}` : "";
  return `${where}${problem.message}${fix}`;
}

/**
 * The one exception for problems the user must fix. Adapters (files, engine, model, forge, cli) throw
 * it at their edge with the problem already phrased for the user; program.ts catches it once, prints
 * it and exits 2. Pure code returns a `Result` instead.
 */
export class ProblemError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: Problem | readonly Problem[], options?: ErrorOptions) {
    const list = Array.isArray(problems) ? (problems as readonly Problem[]) : [problems as Problem];
    super(list.map(formatProblem).join("\n"), options);
    this.name = "ProblemError";
    this.problems = list;
  }
}
