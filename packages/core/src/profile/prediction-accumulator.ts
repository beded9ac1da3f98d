/**
 * What a model predicted over a stream of batches, for `mlci profile --model` and drift: the numbers
 * to profile (`predictions.value`: the regression prediction, or a binary classifier's positive-class
 * probability), the labels (`predictions.label`), and, where the target is known, the mergeable
 * performance (correct count, or sums of absolute and squared errors).
 */
import type { ModelAnswers } from "../collect/collector.js";
import type { ColumnValues } from "../column-batch.js";
import type { Task } from "../metrics/names.js";
import { profileValues } from "./memory-profile.js";
import type { ColumnProfile, PerformanceProfile } from "./profile-file.js";

export class PredictionProfileAccumulator {
  private readonly values: number[] = [];
  private readonly labels: string[] = [];
  private correct = 0;
  private absError = 0;
  private squaredError = 0;
  private labelled = 0;

  /** `classes`: the number of probability columns the model gives (0 when none). */
  constructor(
    private readonly task: Task,
    private readonly classes: number,
  ) {}

  /** One batch of answers with the target column of the same rows (undefined: no labels). */
  add(answers: ModelAnswers, rows: number, truth: ColumnValues | undefined): void {
    for (let i = 0; i < rows; i++) {
      const value = this.valueOf(answers, i);
      if (value !== undefined) this.values.push(value);
      const label = answers.labels ? answers.labels.names[answers.labels.codes[i] as number] : undefined;
      if (label !== undefined) this.labels.push(label);
      if (!truth) continue;
      const actual = truth.values[i];
      if (actual === null || actual === undefined || (typeof actual === "number" && Number.isNaN(actual))) continue;
      this.labelled++;
      if (this.task === "regression") {
        const error = Number(actual) - (value ?? Number.NaN);
        this.absError += Math.abs(error);
        this.squaredError += error * error;
      } else if (label !== undefined && String(actual) === label) {
        this.correct++;
      }
    }
  }

  finish(): { predictions: Record<string, ColumnProfile>; performance?: PerformanceProfile } {
    const predictions: Record<string, ColumnProfile> = {};
    if (this.values.length > 0) predictions.value = profileValues(this.values, "numeric");
    if (this.labels.length > 0 && this.task !== "regression")
      predictions.label = profileValues(this.labels, "categorical");
    if (this.labelled === 0) return { predictions };
    const performance: PerformanceProfile =
      this.task === "regression"
        ? { task: this.task, rows: this.labelled, sum_abs_error: this.absError, sum_squared_error: this.squaredError }
        : { task: this.task, rows: this.labelled, correct: this.correct };
    return { predictions, performance };
  }

  /** The number to profile for row i: the regression value, or the positive class's probability. */
  private valueOf(answers: ModelAnswers, i: number): number | undefined {
    if (this.task === "regression") return answers.values?.[i];
    if (this.task === "binary") {
      if (answers.probabilities && this.classes === 2) return answers.probabilities[i * 2 + 1];
      return answers.values?.[i];
    }
    return undefined;
  }
}
