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
