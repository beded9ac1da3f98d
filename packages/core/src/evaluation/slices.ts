/**
 * Metrics per segment of each slice column (e.g. per origin airport), with the baseline's and the
 * paired-bootstrap difference on the same segment rows, and the overall comparison, as one piece
 * of work. A segment is `regressed` when some metric is worse than the baseline's there after the
 * false-discovery-rate control of slice-tests.ts.
 *
 * For two binary classifiers (the common case) every group (all rows, and each reported segment of
 * each slice column) is bootstrapped by one kernel (binary-segment-kernel.ts): one weight draw per
 * replicate serves them all, and the replicates land in one array, group by group. The caller may
 * compute that array in this thread (`replicates`) or split its replicates over worker threads (the
 * kernel's state is plain typed arrays; replicate r depends only on its stream, so any split gives
 * the same array), then `finish` turns it into the comparison and the slice results. Other tasks
 * keep one paired bootstrap per segment, done in `finish`.
 *
 * Within a segment, the kernel's replicate is the segment's own paired bootstrap: its rows' Poisson
 * weights, independent of other rows'. What is shared across segments is the draw, not the
 * statistics: the segments of one column are disjoint, so their replicates are independent; two
 * columns (hour, weekday) see the same weights on the rows they share, which couples their
 * replicates the way the rows themselves do.
 */

import { BinarySegmentKernel } from "../compare/binary-segment-kernel.js";
import {
  type BootstrapSettings,
  bootstrapSettings,
  type Comparison,
  comparisonOf,
  type MetricDelta,
  summarise,
} from "../compare/bootstrap.js";
import { pairRows } from "../compare/paired-rows.js";
import type { PreparedPredictions } from "../compare/weighted-metrics.js";
import type { MetricName, MetricValues } from "../metrics/names.js";
import {
  type CompareOptions,
  comparableMetrics,
  compareModels,
  preparePredictions,
  scoreModel,
  type TaskPredictions,
} from "./score.js";
import {
  DEFAULT_MAX_SEGMENTS,
  DEFAULT_MIN_SLICE_ROWS,
  type SliceColumn,
  type SliceEvaluation,
  type SliceOptions,
  segmentRows,
  subsetPredictions,
} from "./segments.js";
import { testSlices } from "./slice-tests.js";
import type { SliceResult } from "./types.js";

export interface ComparisonOutcome {
  /** Head against baseline on all rows; undefined without a baseline. */
  readonly comparison: Comparison | undefined;
  readonly slices: SliceEvaluation;
}

interface Segment {
  readonly column: string;
  readonly segment: string;
  readonly rows: Uint32Array;
}

/** Called as bootstrap work completes: `done` of the plan's `work` units (one replicate of one comparison). */
export type WorkProgress = (done: number) => void;

export class ComparisonPlan {
  private constructor(
    private readonly head: TaskPredictions,
    private readonly baseline: TaskPredictions | null,
    private readonly segments: readonly Segment[],
    private readonly options: SliceOptions,
    readonly settings: BootstrapSettings,
    readonly metrics: readonly MetricName[],
    /** Every group's replicates in one kernel; null: a bootstrap per segment in `finish`. */
    readonly kernel: BinarySegmentKernel | null,
    private readonly prepared: { readonly head: PreparedPredictions; readonly baseline: PreparedPredictions } | null,
  ) {}

  static create(
    head: TaskPredictions,
    baseline: TaskPredictions | null,
    columns: readonly SliceColumn[],
    options: SliceOptions = {},
  ): ComparisonPlan {
    const settings = bootstrapSettings(options);
    const minRows = options.minRows ?? DEFAULT_MIN_SLICE_ROWS;
    const maxSegments = options.maxSegments ?? DEFAULT_MAX_SEGMENTS;
    const chosen = columns.map((slice) =>
      segmentRows(slice, minRows, maxSegments).map(({ segment, rows }) => ({ column: slice.column, segment, rows })),
    );
    const segments = chosen.flat();
    if (!baseline) return new ComparisonPlan(head, null, segments, options, settings, [], null, null);
    if (head.task !== baseline.task)
      throw new RangeError(`head is a ${head.task} model but baseline is ${baseline.task}`);
    const metrics = [...new Set(options.metrics ?? comparableMetrics(head, baseline))];
    if (head.task === "binary" && !options.generic && !options.drawWeights) {
      const n = head.predictions.yTrue.length;
      const segmentColumns = chosen.map((list) => {
        const codes = new Int32Array(n).fill(-1);
        list.forEach(({ rows }, k) => {
          for (const row of rows) codes[row] = k;
        });
        return { codes, segments: list.length };
      });
      const prepared = { head: preparePredictions(head), baseline: preparePredictions(baseline) };
      const kernel = BinarySegmentKernel.forPair(pairRows(prepared.head, prepared.baseline), metrics, segmentColumns);
      if (kernel) return new ComparisonPlan(head, baseline, segments, options, settings, metrics, kernel, prepared);
    }
    return new ComparisonPlan(head, baseline, segments, options, settings, metrics, null, null);
  }

  /** Units of bootstrap work: one replicate of one comparison (the kernel's replicate covers all groups). */
  get work(): number {
    if (!this.baseline) return 0;
    return this.settings.resamples * (this.kernel ? 1 : 1 + this.segments.length);
  }

  /** The kernel's replicates of every group, computed in this thread; null without a kernel. */
  replicates(onProgress?: WorkProgress): Float64Array | null {
    const kernel = this.kernel;
    if (!kernel) return null;
    const { resamples, seed } = this.settings;
    const out = new Float64Array(kernel.groups * kernel.metrics * resamples);
    kernel.run(seed, 0, resamples, out, onProgress);
    return out;
  }

  private scores: readonly SegmentScores[] | undefined;

  /**
   * Each segment's rows of both models and their metrics: work that needs no replicate, which a
   * caller may do while other threads compute them (finish uses it, computing it if not done yet).
   */
  scoreSegments(): readonly SegmentScores[] {
    const { head, baseline } = this;
    if (!baseline) return [];
    this.scores ??= this.segments.map(({ column, segment, rows }) => {
      const part = { head: subsetPredictions(head, rows), baseline: subsetPredictions(baseline, rows) };
      return {
        column,
        segment,
        rows: rows.length,
        part,
        headScores: scoreModel(part.head).metrics,
        baselineScores: scoreModel(part.baseline).metrics,
      };
    });
    return this.scores;
  }

  /** The comparison and the slices, from the kernel's replicates (null: bootstraps them here). */
  finish(replicates: Float64Array | null, onProgress?: WorkProgress): ComparisonOutcome {
    const { head, baseline } = this;
    if (!baseline) {
      const slices = this.segments.map(({ column, segment, rows }) => ({
        column,
        segment,
        rows: rows.length,
        head: scoreModel(subsetPredictions(head, rows)).metrics,
        regressed: false,
      }));
      return { comparison: undefined, slices: { slices, tests: null } };
    }
    const compare: CompareOptions = { ...this.options, metrics: this.metrics };
    let done = 0;
    const progress: WorkProgress | undefined = onProgress && ((n) => onProgress(done + n));
    const prepared = this.prepared;
    let comparison: Comparison;
    let groupDeltas: (head: MetricValues, baseline: MetricValues, group: number, part: PartPair) => Deltas;
    if (prepared && replicates) {
      const { resamples, confidence } = this.settings;
      const metrics = this.metrics;
      const view = (group: number, m: number) => {
        const at = (group * metrics.length + m) * resamples;
        return replicates.subarray(at, at + resamples);
      };
      comparison = comparisonOf(
        prepared.head,
        prepared.baseline,
        new Map(metrics.map((m, i) => [m, view(0, i)])),
        this.settings,
      );
      groupDeltas = (headScores, baselineScores, group, part) => {
        const deltas: Deltas = {};
        metrics.forEach((m, i) => {
          if (!(m in headScores) && !(m in baselineScores)) return; // not applicable to these models
          deltas[m] = summarise(
            m,
            headScores,
            baselineScores,
            view(group, i),
            confidence,
            part.head.predictions.yTrue.length,
          );
        });
        return deltas;
      };
    } else {
      comparison = compareModels(head, baseline, { ...compare, ...(progress ? { onReplicate: progress } : {}) });
      done += this.settings.resamples;
      groupDeltas = (_h, _b, _g, part) => {
        const deltas = compareModels(part.head, part.baseline, {
          ...compare,
          ...(progress ? { onReplicate: progress } : {}),
        }).deltas;
        done += this.settings.resamples;
        return deltas;
      };
    }
    const scored = this.scoreSegments().map(({ column, segment, rows, part, headScores, baselineScores }, k) => ({
      column,
      segment,
      rows,
      head: headScores,
      baseline: baselineScores,
      deltas: groupDeltas(headScores, baselineScores, k + 1, part),
    }));
    const { deltas, tests } = testSlices(
      scored.map((s) => s.deltas),
      this.options,
    );
    const slices: SliceResult[] = scored.map((s, i) => {
      const tested = deltas[i] ?? {};
      return { ...s, deltas: tested, regressed: Object.values(tested).some((d) => d?.verdict === "worse") };
    });
    return { comparison, slices: { slices, tests } };
  }
}

type Deltas = Partial<Record<MetricName, MetricDelta>>;
type PartPair = { readonly head: TaskPredictions; readonly baseline: TaskPredictions };

/** A segment's rows of both models and their point metrics (ComparisonPlan.scoreSegments). */
export interface SegmentScores {
  readonly column: string;
  readonly segment: string;
  readonly rows: number;
  readonly part: PartPair;
  readonly headScores: MetricValues;
  readonly baselineScores: MetricValues;
}

/** The whole comparison in this thread: plan, replicates, finish. */
export function compareWithSlices(
  head: TaskPredictions,
  baseline: TaskPredictions | null,
  columns: readonly SliceColumn[],
  options: SliceOptions = {},
  onProgress?: WorkProgress,
): ComparisonOutcome {
  const plan = ComparisonPlan.create(head, baseline, columns, options);
  return plan.finish(plan.replicates(onProgress), onProgress);
}

/** The slice results alone (the overall comparison is computed on the way). */
export function sliceEvaluation(
  head: TaskPredictions,
  baseline: TaskPredictions | null,
  columns: readonly SliceColumn[],
  options: SliceOptions = {},
): SliceEvaluation {
  return compareWithSlices(head, baseline, columns, options).slices;
}
