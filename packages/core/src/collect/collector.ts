import type { ColumnBatch, ColumnValues } from "../column-batch.js";
import type { Task } from "../metrics/names.js";
import { probaFromPositiveScore } from "../metrics/predictions.js";
import { ProblemError } from "../problem.js";
import { type CollectedPredictions, type CollectedRows, MISSING_SEGMENT } from "./collected.js";
import { Dictionary, GrowableFloat64, GrowableInt32 } from "./growable.js";

/**
 * One batch of a model's answers, as packages/model's predictor gives them (or a predictions file
 * read as such): labels coded against their names, row-major probabilities in the model's class
 * order, or one value per row (a regression prediction, a binary positive-class probability).
 */
export interface ModelAnswers {
  readonly labels?: { readonly names: readonly string[]; readonly codes: Int32Array };
  readonly probabilities?: Float64Array;
  readonly values?: Float64Array;
}

/** One model's answers as they arrive, in the model's own class order. */
class ModelColumn {
  readonly labels = new GrowableInt32();
  readonly values = new GrowableFloat64();
  readonly proba = new GrowableFloat64();
  hasProba = true;
  constructor(readonly classes: readonly string[]) {}
}

/**
 * Gathers the target, both models' predictions and the slice segments batch by batch, so the rows
 * each model is scored on are the same rows by construction. Class names from the head model, the
 * baseline and the target values share one index space (head classes first, in the head's order).
 */
export class PredictionCollector {
  private readonly classes = new Dictionary();
  private readonly yTrueCodes = new GrowableInt32();
  private readonly yTrueValues = new GrowableFloat64();
  private readonly head: ModelColumn;
  private readonly baseline: ModelColumn | undefined;
  private readonly slices: { column: string; segments: Dictionary; codes: GrowableInt32 }[];
  private rows = 0;
  private readonly targetCodes = new Map<number | string, number>();
  private lastTarget: number | string | undefined;
  private lastCode = -1;

  constructor(
    private readonly task: Task,
    private readonly target: string,
    sliceColumns: readonly string[],
    headClasses: readonly string[] = [],
    baselineClasses?: readonly string[],
  ) {
    for (const c of headClasses) this.classes.code(c);
    for (const c of baselineClasses ?? []) this.classes.code(c);
    this.head = new ModelColumn(headClasses);
    this.baseline = baselineClasses ? new ModelColumn(baselineClasses) : undefined;
    this.slices = sliceColumns.map((column) => ({ column, segments: new Dictionary(), codes: new GrowableInt32() }));
  }

  add(batch: ColumnBatch, head: ModelAnswers, baseline?: ModelAnswers): void {
    this.addTarget(batch);
    this.addPredictions(this.head, head);
    if (this.baseline && baseline) this.addPredictions(this.baseline, baseline);
    for (const slice of this.slices) {
      const column = batch.columns.get(slice.column) as ColumnValues;
      const codes = new Int32Array(batch.rows);
      for (let i = 0; i < batch.rows; i++) codes[i] = slice.segments.code(segmentOf(column, i));
      slice.codes.push(codes);
    }
    this.rows += batch.rows;
  }

  private addTarget(batch: ColumnBatch): void {
    const column = batch.columns.get(this.target) as ColumnValues;
    const regression = this.task === "regression";
    const values = regression ? new Float64Array(batch.rows) : undefined;
    const codes = regression ? undefined : new Int32Array(batch.rows);
    for (let i = 0; i < batch.rows; i++) {
      const value = column.values[i];
      if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) {
        throw new ProblemError({
          kind: "input",
          message: `the target column ${this.target} is missing at data row ${batch.offset + i + 1}`,
          fix: "evaluate on rows whose target is known (filter the missing ones out of the evaluation data)",
        });
      }
      if (this.task === "regression") {
        if (typeof value !== "number") {
          throw new ProblemError({
            kind: "input",
            message: `the target column ${this.target} holds text ("${value}") but the task is regression`,
            fix: "use --task binary|multiclass for class labels, or a numeric target column",
          });
        }
        (values as Float64Array)[i] = value;
      } else {
        (codes as Int32Array)[i] = this.targetCode(value);
      }
    }
    if (values) this.yTrueValues.push(values);
    if (codes) this.yTrueCodes.push(codes);
  }

  /** Class index of a target value; numbers are cached by value so String() runs once per class. */
  private targetCode(value: number | string): number {
    if (value === this.lastTarget) return this.lastCode; // runs of one class skip the map
    let code = this.targetCodes.get(value);
    if (code === undefined) {
      code = this.classes.code(String(value));
      this.targetCodes.set(value, code);
    }
    this.lastTarget = value;
    this.lastCode = code;
    return code;
  }

  private addPredictions(into: ModelColumn, batch: ModelAnswers): void {
    if (this.task === "regression") {
      into.values.push(batch.values ?? new Float64Array(0));
      return;
    }
    if (batch.labels) {
      const global = Int32Array.from(batch.labels.names, (name) => this.classes.code(name));
      const local = batch.labels.codes;
      const codes = new Int32Array(local.length);
      for (let i = 0; i < local.length; i++) codes[i] = global[local[i] as number] as number;
      into.labels.push(codes);
    }
    if (batch.probabilities) into.proba.push(batch.probabilities);
    else if (batch.values && into.classes.length === 2) into.proba.push(probaFromPositiveScore(batch.values));
    else into.hasProba = false;
  }

  finish(): CollectedRows {
    const classes = this.task === "regression" ? undefined : [...this.classes.values];
    return {
      task: this.task,
      rows: this.rows,
      ...(classes ? { classes } : {}),
      yTrue: this.task === "regression" ? this.yTrueValues.toArray() : this.yTrueCodes.toArray(),
      head: this.predictions(this.head),
      ...(this.baseline ? { baseline: this.predictions(this.baseline) } : {}),
      slices: this.slices.map((s) => ({ column: s.column, segments: s.segments.values, codes: s.codes.toArray() })),
    };
  }

  private predictions(model: ModelColumn): CollectedPredictions {
    if (this.task === "regression") return { kind: "regression", yPred: model.values.toArray() };
    const yPred = model.labels.toArray();
    if (!model.hasProba || model.proba.length !== this.rows * model.classes.length) {
      return { kind: "classification", yPred };
    }
    return { kind: "classification", yPred, proba: this.remap(model.proba.toArray(), model.classes) };
  }

  /** Probabilities from the model's class order into the shared one (zero for classes it never gives). */
  private remap(proba: Float64Array, modelClasses: readonly string[]): Float64Array {
    const k = this.classes.values.length;
    const width = modelClasses.length;
    const target = modelClasses.map((c) => this.classes.code(c));
    const identity = width === k && target.every((t, c) => t === c);
    if (identity) return proba;
    const out = new Float64Array(this.rows * k);
    for (let r = 0; r < this.rows; r++) {
      for (let c = 0; c < width; c++) out[r * k + (target[c] as number)] = proba[r * width + c] as number;
    }
    return out;
  }
}

function segmentOf(column: ColumnValues, row: number): string {
  const value = column.values[row];
  if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) {
    return MISSING_SEGMENT;
  }
  return String(value);
}
