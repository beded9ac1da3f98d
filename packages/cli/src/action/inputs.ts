import { ProblemError } from "@mlci/core/problem.js";

/** Environment variables, as the action entry reads them (process.env in production, a plain object in tests). */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The environment variable names an input may arrive under. The runner sets `INPUT_<NAME>` (upper
 * case, spaces to `_`, hyphens kept) for JavaScript actions; our composite actions set the variables
 * themselves in `env:`, where `INPUT_FAIL_ON` is the portable spelling (a shell cannot name
 * `INPUT_FAIL-ON`). Both are accepted.
 */
export function inputVariableNames(name: string): string[] {
  const runnerStyle = `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
  const portable = runnerStyle.replace(/-/g, "_");
  return runnerStyle === portable ? [runnerStyle] : [runnerStyle, portable];
}

/** An input's trimmed value; empty or unset is `undefined` (the runner passes unset inputs as ""). */
export function readInput(environment: Environment, name: string): string | undefined {
  for (const variable of inputVariableNames(name)) {
    const value = environment[variable]?.trim();
    if (value) return value;
  }
  return undefined;
}

export function requireInput(environment: Environment, name: string): string {
  const value = readInput(environment, name);
  if (value === undefined) {
    throw new ProblemError({
      kind: "usage",
      message: `the action input "${name}" is required`,
      fix: `add \`${name}:\` under \`with:\` in the workflow step`,
    });
  }
  return value;
}

/** One value per non-empty line: how extra CLI arguments arrive, so no shell ever splits or expands them. */
export function readLines(environment: Environment, name: string): string[] {
  const value = readInput(environment, name);
  if (value === undefined) return [];
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export function readChoice<T extends string>(
  environment: Environment,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = readInput(environment, name);
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new ProblemError({
    kind: "usage",
    message: `the action input "${name}" is "${value}"; expected one of ${choices.join(", ")}`,
  });
}
