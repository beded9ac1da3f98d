import type { Problem } from "@mlci/core/problem.js";

/** A forge call failed in a way the user must fix (permissions, credentials, a missing repository). */
export class ForgeError extends Error {
  readonly problem: Problem;
  /** The HTTP status GitHub answered with, when there was one. */
  readonly status: number | undefined;
  constructor(problem: Problem, status?: number) {
    super(problem.message);
    this.name = "ForgeError";
    this.problem = problem;
    this.status = status;
  }
}
