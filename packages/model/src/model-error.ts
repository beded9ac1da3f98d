import type { Problem } from "@mlci/core/problem.js";

/**
 * Thrown while a model runs over the data (a batch cannot become a tensor, the session fails): the
 * problem says which column or row, and the command turns it into exit 2.
 */
export class ModelError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.message);
    this.name = "ModelError";
    this.problem = problem;
  }
}
