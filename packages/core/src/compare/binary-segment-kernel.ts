/**
 * The bootstrap's fast path for two binary classifiers, overall and per segment in the same passes.
 *
 * Groups: group 0 is all rows; then each reported segment of each slice column. Rows are stored in
 * the head ranking's order (paired-rows.ts). A replicate draws the Poisson weights once, for every
 * group, then:
 *
 * 1. one ascending pass over the stored rows draws the weights and sums group 0's label counts
 *    (the weighted count of each combination of five label flags: both models' confusion matrices)
 *    and its log-loss and Brier differences (means: the difference of means is the mean of the
 *    per-row difference), and, the rows being in head-score order, the head's ROC AUC (Mann-Whitney
 *    area: each tie's positives x (negatives below + half the tied negatives)) and the weight of
 *    each tie, from which a short pass over the ties, from the highest down, gives its average
 *    precision (positives x precision at each threshold, as ranking.ts); it also adds each row's
 *    weight to its "cell" of the baseline's ties (a cell per tie and class);
 * 2. with slices, one descending pass per two slice columns adds each row's loss differences to
 *    its segment's sums (so a segment's are summed from its highest head score down) and its weight
 *    to its cells among the segment's ties, of the head's scores and of the baseline's (the row's
 *    fields for both columns packed together: the pass reads three arrays, whatever it sums);
 * 3. a pass over the cells (ties, not rows), tie by tie from the highest score down, gives each
 *    group's ROC area and average precision and its confusion matrices: a model whose label follows
 *    its scores predicts the same class for every row of a tie (checked when the kernel is built;
 *    else the rows' label counts are summed in pass 2), so the weight it predicts positive is a sum
 *    over its ties.
 *
 * Why cells: a forest's scores take few distinct values, so ties are short; a walk over each
 * segment's rows that closes a threshold where the score changes mispredicts a branch at nearly
 * every tie and reads the weights in a scattered order. Here a row adds its weight to a cell,
 * without a test, in the order the weights are stored, and the per-threshold work (average
 * precision's division) runs once per tie. The passes are bound by the arrays they stream as much
 * as by their arithmetic, hence the packing. Scores are ranked once per model (the cells are numbered
 * from the two sorts when the kernel is built), nothing is sorted per replicate, and everything a
 * replicate touches is preallocated: nothing is allocated per replicate.
 *
 * Group 0's replicates are those of the overall paired bootstrap to the last bit: the weights come
 * from the same stream in the same row order; counts and the ROC area are sums of integers and
 * half-integers (exact in any order); average precision and the losses are summed in the order
 * ranking.ts and weightedMetrics sum them. Tests check every group against the per-metric path on
 * the group's own rows.
 */
import type { MetricName } from "../metrics/names.js";
import type { RankedScores } from "../metrics/ranking.js";
import { binaryLabelMetricsInto, LABEL_SLOT, LABEL_SLOTS } from "./binary-label-metrics.js";
import { type PairedRows, pairRows } from "./paired-rows.js";
import { POISSON_ONE_TABLE } from "./poisson-weights.js";
import { Xoshiro128 } from "./prng.js";
import { type PreparedClassifier, prepareClassifier } from "./weighted-metrics.js";

/** Label flags of a row: bits 0-4, its slot among a group's 32 label counts. */
const IS_POSITIVE = 1;
const HEAD_PREDICTS_POSITIVE = 2;
const HEAD_TRUE_POSITIVE = 4;
const BASELINE_PREDICTS_POSITIVE = 8;
const BASELINE_TRUE_POSITIVE = 16;
const LABEL_FLAGS = 31;
const LABEL_COMBINATIONS = 32;
/** log2(LABEL_COMBINATIONS): the group of a label-count slot is slot >> GROUP_SHIFT. */
const GROUP_SHIFT = 5;
/** Stored rows: the row is the last (highest) of a tie of head scores. */
const HEAD_TIE_END = 64;

/** A group's ranking sums, and the weight its model predicts positive (and its positives). */
const RANK_STRIDE = 6;
const TRUE_POSITIVES = 0;
const SELECTED = 1;
const PRECISION_SUM = 2;
const AREA = 3;
const PREDICTED = 4;
const PREDICTED_TRUE = 5;

/** What a metric's replicate is computed from (a label slot below LABEL_SLOTS). */
const ROC_AUC = 8;
const AVERAGE_PRECISION = 9;
const LOG_LOSS = 10;
const BRIER = 11;
const UNDEFINED = -1;

/** One slice column: the segment of each input row (-1: in none of its reported segments). */
export interface SegmentColumn {
  readonly codes: Int32Array;
  readonly segments: number;
}

/**
 * How a ranking's cells are read: group after group (`groups`), each group's ties from its highest
 * score down, ties [tieEnds[p - 1], tieEnds[p]) for the p-th group. Tie t has two cells: 2t sums
 * the weight of its negatives, 2t + 1 of its positives. The two cells after the last tie take the
 * rows of no reported segment and are never read.
 */
export interface Ties {
  readonly groups: Int32Array;
  readonly tieEnds: Int32Array;
  /**
   * Per tie: 1 when the model predicts the positive class for its rows; null when the rows of
   * some tie get different predictions (label counts are then summed per row).
   */
  readonly predicts: Uint8Array | null;
}

/**
 * Everything a replicate reads, as plain typed arrays: a worker thread rebuilds the kernel from a
 * copy of it (BinarySegmentKernel.fromState) and computes a share of the replicates.
 */
export interface BinaryKernelState {
  readonly rows: number;
  /** 1 + Σ segments. */
  readonly groups: number;
  readonly positive: number;
  /** Per requested metric: a label slot, ROC_AUC, ..., or UNDEFINED (not computable for this pair). */
  readonly sources: Int8Array;
  /** Label flags and HEAD_TIE_END per stored row. */
  readonly flags: Uint8Array;
  /**
   * Head minus baseline per stored row j, side by side: log loss at 2j, Brier score at 2j + 1 (zeros
   * when a model has none). One stream for the passes to read.
   */
  readonly differences: Float64Array;
  /** Ties of head scores (rows are stored in that order); 0 without both rankings. */
  readonly headTies: number;
  /** Slice columns. */
  readonly columns: number;
  /**
   * Per slice column c and stored row j, at c x rows + j: the row's label-count slot, group x 32 +
   * its label flags (group `groups`, never read, for a row in none of the column's reported segments).
   */
  readonly segmentSlots: Int32Array;
  /** The head's segment ties, and each row's cell among them per column (as segmentSlots); null without both rankings. */
  readonly headSegmentTies: Ties | null;
  readonly headSegmentCells: Int32Array | null;
  /** The baseline's ties: group 0 (all rows), then the segments; each row's cells among them (group 0's, then per column). */
  readonly baselineTies: Ties | null;
  readonly baselineCells: Int32Array | null;
  readonly baselineSegmentCells: Int32Array | null;
}

function metricSource(metric: MetricName, head: PreparedClassifier, baseline: PreparedClassifier): number {
  const label = LABEL_SLOT[metric];
  if (label !== undefined) return label;
  const ranked = head.rankings?.length === 1 && baseline.rankings?.length === 1;
  if (metric === "roc_auc") return ranked ? ROC_AUC : UNDEFINED;
  if (metric === "average_precision") return ranked ? AVERAGE_PRECISION : UNDEFINED;
  if (metric === "log_loss") return head.logLoss && baseline.logLoss ? LOG_LOSS : UNDEFINED;
  if (metric === "brier") return head.brier && baseline.brier ? BRIER : UNDEFINED;
  return UNDEFINED;
}

/** Two columns side by side: a[j] at 2j, b[j] at 2j + 1. */
function interleave(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(2 * a.length);
  for (let j = 0; j < a.length; j++) {
    out[2 * j] = a[j] as number;
    out[2 * j + 1] = b[j] as number;
  }
  return out;
}

function differenceColumn(a: Float64Array | null, b: Float64Array | null, n: number): Float64Array {
  const out = new Float64Array(n);
  if (a && b) for (let i = 0; i < n; i++) out[i] = (a[i] as number) - (b[i] as number);
  return out;
}

/** A ranking read from the highest score down: stored rows, and the tie each belongs to. */
interface Descending {
  readonly rows: Uint32Array;
  readonly ties: Int32Array;
}

function descending(ranking: RankedScores, n: number): Descending {
  const rows = new Uint32Array(n);
  const ties = new Int32Array(n);
  let tie = 0;
  for (let k = 0; k < n; k++) {
    const j = n - 1 - k; // ascending position
    if (k > 0 && ranking.groupEnd[j]) tie++;
    rows[k] = ranking.order[j] as number;
    ties[k] = tie;
  }
  return { rows, ties };
}

/** A group's rows in the order of a ranking, from the highest score down, with their ties. */
interface GroupRows {
  readonly group: number;
  readonly rows: Uint32Array;
  readonly ties: Int32Array;
}

/** The rows of each segment (groups from 1) in the order of `ranked`, with their ties. */
function segmentParts(ranked: Descending, groupsOf: readonly Int32Array[], groups: number): GroupRows[] {
  // Indexed loops: this runs once per kernel, too few times for V8 to optimise an iterator away.
  const sizes = new Int32Array(groups);
  for (let c = 0; c < groupsOf.length; c++) {
    const column = groupsOf[c] as Int32Array;
    for (let j = 0; j < column.length; j++) {
      const g = column[j] as number;
      if (g > 0) sizes[g] = (sizes[g] as number) + 1;
    }
  }
  const parts = Array.from({ length: groups - 1 }, (_, k) => ({
    group: k + 1,
    rows: new Uint32Array(sizes[k + 1] as number),
    ties: new Int32Array(sizes[k + 1] as number),
  }));
  const filled = new Int32Array(groups);
  for (let k = 0; k < ranked.rows.length; k++) {
    const row = ranked.rows[k] as number;
    for (let c = 0; c < groupsOf.length; c++) {
      const g = (groupsOf[c] as Int32Array)[row] as number;
      if (g <= 0) continue;
      const part = parts[g - 1] as GroupRows;
      const at = filled[g] as number;
      part.rows[at] = row;
      part.ties[at] = ranked.ties[k] as number;
      filled[g] = at + 1;
    }
  }
  return parts;
}

/**
 * Numbers the ties of `parts`, group after group, each from its highest score down; writes each
 * row's cell in a part at `cellsOf(group)`'s offset + row, and records whether every tie's rows
 * share the prediction given by the label flag `predictsPositive`.
 */
function numberTies(
  parts: readonly GroupRows[],
  flags: Uint8Array,
  predictsPositive: number,
  cellsOf: (group: number) => { readonly cells: Int32Array; readonly offset: number },
): Ties {
  const predicted = new Uint8Array(parts.reduce((sum, p) => sum + p.rows.length, 0));
  const tieEnds = new Int32Array(parts.length);
  let split = false;
  let tie = -1;
  parts.forEach((part, p) => {
    const { cells, offset } = cellsOf(part.group);
    for (let k = 0; k < part.rows.length; k++) {
      const row = part.rows[k] as number;
      const f = flags[row] as number;
      const predicts = f & predictsPositive ? 1 : 0;
      if (k === 0 || part.ties[k] !== part.ties[k - 1]) {
        tie++;
        predicted[tie] = predicts;
      } else if (predicted[tie] !== predicts) {
        split = true;
      }
      cells[offset + row] = 2 * tie + (f & IS_POSITIVE);
    }
    tieEnds[p] = tie + 1;
  });
  return {
    groups: Int32Array.from(parts, (p) => p.group),
    tieEnds,
    predicts: split ? null : predicted.slice(0, tie + 1),
  };
}

/** Ties of a ranking (0 for none). */
function tieCount(ties: Ties | null): number {
  return ties && ties.tieEnds.length > 0 ? (ties.tieEnds[ties.tieEnds.length - 1] as number) : 0;
}

/** Per column, the stored rows of no reported segment add into the two cells after the last tie. */
function discardUnsegmented(cells: Int32Array, groupsOf: readonly Int32Array[], ties: Ties, flags: Uint8Array): void {
  const discarded = 2 * tieCount(ties);
  const n = flags.length;
  groupsOf.forEach((column, c) => {
    for (let j = 0; j < n; j++) {
      if ((column[j] as number) === 0) cells[c * n + j] = discarded + ((flags[j] as number) & IS_POSITIVE);
    }
  });
}

/** One slice column's part of the per-row arrays (views into the state's). */
interface ColumnCells {
  readonly slots: Int32Array;
  readonly head: Int32Array;
  readonly baseline: Int32Array;
}

/**
 * One or two slice columns' per-row fields packed row by row (label-count slot, head cell, baseline
 * cell; then the second column's): one stream for the pass to read instead of six.
 */
interface PackedColumns {
  readonly paired: boolean;
  readonly fields: Int32Array;
}

const FIELDS = 3;

function packColumns(first: ColumnCells, second: ColumnCells | null, rows: number): PackedColumns {
  const columns = second ? [first, second] : [first];
  const stride = FIELDS * columns.length;
  const fields = new Int32Array(stride * rows);
  columns.forEach((column, c) => {
    for (let j = 0; j < rows; j++) {
      const at = j * stride + FIELDS * c;
      fields[at] = column.slots[j] as number;
      fields[at + 1] = (column.head[j] as number) | 0;
      fields[at + 2] = (column.baseline[j] as number) | 0;
    }
  });
  return { paired: second !== null, fields };
}

/** Stands in for the cells of a kernel that sums none (one array type keeps the passes monomorphic). */
const NO_CELLS = new Int32Array(0);
const NO_PREDICTIONS = new Uint8Array(0);

export class BinarySegmentKernel {
  readonly groups: number;
  readonly metrics: number;
  private readonly weights: Uint8Array;
  private readonly rng = new Xoshiro128(0);
  /** Label counts per group (32 each, then the discarded group's), and four interleaved copies group 0's pass sums into. */
  private readonly counts: Int32Array;
  private readonly copies = new Int32Array(4 * LABEL_COMBINATIONS);
  /** Per group (and the discarded one): the summed log-loss difference (2g) and Brier difference (2g + 1). */
  private readonly losses: Float64Array;
  private readonly headRanks: Float64Array;
  private readonly baselineRanks: Float64Array;
  private readonly headLabels = new Float64Array(LABEL_SLOTS);
  private readonly baselineLabels = new Float64Array(LABEL_SLOTS);
  /** Ranking metrics are wanted (and both models rank). */
  private readonly ranked: boolean;
  /** Average precision is wanted (its steps cost a division per tie). */
  private readonly precision: boolean;
  /** The segments' confusion matrices come from their ties' cells, not from per-row label counts. */
  readonly tieLabels: boolean;
  /** The slice passes add weights into the segments' cells (for ranking metrics, labels, or both). */
  private readonly segmentTies: boolean;
  /** Per head tie of group 0: weight of its negatives (2t) and positives (2t + 1), lowest tie first. */
  private readonly headTieWeights: Int32Array;
  /** Weights summed per cell: the head's segment ties; the baseline's ties (group 0's, then the segments'). */
  private readonly headCells: Int32Array;
  private readonly baselineCells: Int32Array;
  private readonly packed: readonly PackedColumns[];

  private constructor(readonly state: BinaryKernelState) {
    const { rows, groups, sources, headSegmentTies, baselineTies } = state;
    this.groups = groups;
    this.metrics = sources.length;
    this.weights = new Uint8Array(rows);
    this.counts = new Int32Array((groups + 1) * LABEL_COMBINATIONS);
    this.losses = new Float64Array(2 * (groups + 1));
    this.headRanks = new Float64Array(groups * RANK_STRIDE);
    this.baselineRanks = new Float64Array(groups * RANK_STRIDE);
    this.ranked = baselineTies !== null && sources.some((s) => s === ROC_AUC || s === AVERAGE_PRECISION);
    this.precision = this.ranked && sources.includes(AVERAGE_PRECISION);
    this.tieLabels = headSegmentTies?.predicts != null && baselineTies?.predicts != null;
    this.segmentTies = state.columns > 0 && headSegmentTies !== null && (this.ranked || this.tieLabels);
    this.headTieWeights = new Int32Array(this.precision ? 2 * state.headTies : 0);
    const cells = (ties: Ties | null) => new Int32Array(ties ? 2 * (tieCount(ties) + 1) : 0);
    this.headCells = cells(this.segmentTies ? headSegmentTies : null);
    this.baselineCells = cells(this.ranked || this.segmentTies ? baselineTies : null);
    const view = (array: Int32Array | null, c: number) =>
      this.segmentTies && array ? array.subarray(c * rows, (c + 1) * rows) : NO_CELLS;
    const columnCells = Array.from({ length: state.columns }, (_, c) => ({
      slots: state.segmentSlots.subarray(c * rows, (c + 1) * rows),
      head: view(state.headSegmentCells, c),
      baseline: view(state.baselineSegmentCells, c),
    }));
    this.packed = Array.from({ length: Math.ceil(state.columns / 2) }, (_, k) =>
      packColumns(columnCells[2 * k] as ColumnCells, columnCells[2 * k + 1] ?? null, rows),
    );
  }

  static fromState(state: BinaryKernelState): BinarySegmentKernel {
    primeOnce();
    return new BinarySegmentKernel(state);
  }

  /** Gives V8 the passes' type feedback now (see primeOnce): a worker thread does it while it waits. */
  static prime(): void {
    primeOnce();
  }

  /** Row reads of a replicate of `rows` rows and `columns` slice columns (rowsPerReplicate). */
  static rowReads(rows: number, columns: number): number {
    return rows * (1 + columns);
  }

  /**
   * The kernel for this pair, these metrics (in this order) and these slice columns (codes by input
   * row), or null when the pair is not two binary classifiers with the same positive class.
   */
  static forPair(
    pair: PairedRows,
    metrics: readonly MetricName[],
    columns: readonly SegmentColumn[] = [],
  ): BinarySegmentKernel | null {
    const { head, baseline } = pair;
    if (head.kind !== "classification" || baseline.kind !== "classification") return null;
    if (head.task !== "binary" || baseline.task !== "binary" || head.positive !== baseline.positive) return null;
    const headRanking = head.rankings?.length === 1 ? (head.rankings[0] as RankedScores) : null;
    const baselineRanking = baseline.rankings?.length === 1 ? (baseline.rankings[0] as RankedScores) : null;
    if (headRanking && !headRanking.identity) return null; // rows must be stored in the head ranking's order
    primeOnce();
    const n = pair.rows;
    const positive = head.positive;
    const ranked = headRanking !== null && baselineRanking !== null;
    const flags = new Uint8Array(n);
    let headTies = 0;
    for (let i = 0; i < n; i++) {
      const headCell = head.cells[i] as number;
      const isPositive = headCell >> 1 === positive;
      let f = isPositive ? IS_POSITIVE : 0;
      if ((headCell & 1) === positive) f |= HEAD_PREDICTS_POSITIVE | (isPositive ? HEAD_TRUE_POSITIVE : 0);
      if (((baseline.cells[i] as number) & 1) === positive) {
        f |= BASELINE_PREDICTS_POSITIVE | (isPositive ? BASELINE_TRUE_POSITIVE : 0);
      }
      if (ranked && headRanking.groupEnd[i]) {
        f |= HEAD_TIE_END;
        headTies++;
      }
      flags[i] = f;
    }
    // Group of each stored row in each slice column (0: in none of its segments), and each group's column.
    let groups = 1;
    const columnOf: number[] = [0];
    const groupsOf = columns.map((column, c) => {
      const offset = groups;
      groups += column.segments;
      for (let k = 0; k < column.segments; k++) columnOf.push(c);
      const out = new Int32Array(n);
      for (let j = 0; j < n; j++) {
        const code = column.codes[pair.order ? (pair.order[j] as number) : j] as number;
        out[j] = code >= 0 ? offset + code : 0;
      }
      return out;
    });
    const segmentSlots = new Int32Array(columns.length * n);
    groupsOf.forEach((column, c) => {
      for (let j = 0; j < n; j++) {
        const g = (column[j] as number) || groups; // the discarded group
        segmentSlots[c * n + j] = (g << GROUP_SHIFT) | ((flags[j] as number) & LABEL_FLAGS);
      }
    });
    let headSegmentTies: Ties | null = null;
    let headSegmentCells: Int32Array | null = null;
    let baselineTies: Ties | null = null;
    let baselineCells: Int32Array | null = null;
    let baselineSegmentCells: Int32Array | null = null;
    if (ranked) {
      const cellsOf = new Int32Array(columns.length * n);
      if (groups > 1) {
        const parts = segmentParts(descending(headRanking, n), groupsOf, groups);
        headSegmentTies = numberTies(parts, flags, HEAD_PREDICTS_POSITIVE, (g) => ({
          cells: cellsOf,
          offset: (columnOf[g] as number) * n,
        }));
        discardUnsegmented(cellsOf, groupsOf, headSegmentTies, flags);
        headSegmentCells = cellsOf;
      }
      const order = descending(baselineRanking, n);
      const all = new Int32Array(n);
      const segmentCells = new Int32Array(columns.length * n);
      const parts = [{ group: 0, ...order }, ...(groups > 1 ? segmentParts(order, groupsOf, groups) : [])];
      baselineTies = numberTies(parts, flags, BASELINE_PREDICTS_POSITIVE, (g) =>
        g === 0 ? { cells: all, offset: 0 } : { cells: segmentCells, offset: (columnOf[g] as number) * n },
      );
      discardUnsegmented(segmentCells, groupsOf, baselineTies, flags);
      baselineCells = all;
      baselineSegmentCells = segmentCells;
    }
    return new BinarySegmentKernel({
      rows: n,
      groups,
      positive,
      sources: Int8Array.from(metrics, (m) => metricSource(m, head, baseline)),
      flags,
      differences: interleave(
        differenceColumn(head.logLoss, baseline.logLoss, n),
        differenceColumn(head.brier, baseline.brier, n),
      ),
      headTies,
      columns: columns.length,
      segmentSlots,
      headSegmentTies,
      headSegmentCells,
      baselineTies,
      baselineCells,
      baselineSegmentCells,
    });
  }

  /**
   * Replicates [first, first + count): replicate r draws its weights from stream r of `seed`, so
   * any split of the range (across workers) gives the same values. Writes the replicate of group g,
   * metric m (the order given to forPair) at out[(g * metrics + m) * count + r - first].
   */
  run(seed: number, first: number, count: number, out: Float64Array, onReplicate?: (done: number) => void): void {
    for (let k = 0; k < count; k++) {
      this.replicateAt(seed, first + k, out, k, count);
      onReplicate?.(k + 1);
    }
  }

  /** Replicate r (stream r of `seed`) into out[(g * metrics + m) * stride + index]. */
  replicateAt(seed: number, r: number, out: Float64Array, index: number, stride: number): void {
    this.replicate(this.rng.reset(seed, r), out, index, stride);
  }

  /** Row reads of a replicate (the draw's pass, then one pass per slice column): what its time is proportional to. */
  get rowsPerReplicate(): number {
    return BinarySegmentKernel.rowReads(this.state.rows, this.state.columns);
  }

  /** The weights (by stored row) that a replicate without a generator reads. */
  get storedWeights(): Uint8Array {
    return this.weights;
  }

  /**
   * One replicate into out[(g * metrics + m) * stride + index]. With `rng`, draws the weights; else
   * reads `storedWeights` as the caller filled it (tests replay an oracle's weights so).
   */
  replicate(rng: Xoshiro128 | null, out: Float64Array, index: number, stride: number): void {
    const s = this.state;
    const { weights, counts, losses, headRanks, baselineRanks, precision, ranked, segmentTies } = this;
    overallPass(s, weights, rng, this.copies, losses, headRanks, this.headTieWeights, this.baselineCells, ranked);
    foldCopies(this.copies, counts, 0);
    if (precision) headRanks[PRECISION_SUM] = tiePrecision(this.headTieWeights);
    if (s.columns > 0) {
      const labels = !this.tieLabels;
      if (labels) counts.fill(0, LABEL_COMBINATIONS);
      losses.fill(0, 2);
      for (const columns of this.packed) {
        segmentPass(s, columns, weights, counts, losses, this.headCells, this.baselineCells, segmentTies, labels);
      }
    }
    if ((ranked || segmentTies) && s.baselineTies)
      tieRanks(this.baselineCells, s.baselineTies, baselineRanks, precision);
    if (segmentTies && s.headSegmentTies) tieRanks(this.headCells, s.headSegmentTies, headRanks, precision);
    this.finish(out, index, stride);
  }

  private finish(out: Float64Array, index: number, stride: number): void {
    const { sources, positive } = this.state;
    const counts = this.counts;
    const headLabels = this.headLabels;
    const baselineLabels = this.baselineLabels;
    const metrics = sources.length;
    const { headRanks, baselineRanks } = this;
    for (let g = 0; g < this.groups; g++) {
      let total = 0;
      let positives = 0;
      let headPredicted = 0;
      let headTrue = 0;
      let baselinePredicted = 0;
      let baselineTrue = 0;
      const rank = g * RANK_STRIDE;
      if (g > 0 && this.tieLabels) {
        // Sums of integers: exactly the row counts, in any order.
        total = headRanks[rank + SELECTED] as number;
        positives = headRanks[rank + TRUE_POSITIVES] as number;
        headPredicted = headRanks[rank + PREDICTED] as number;
        headTrue = headRanks[rank + PREDICTED_TRUE] as number;
        baselinePredicted = baselineRanks[rank + PREDICTED] as number;
        baselineTrue = baselineRanks[rank + PREDICTED_TRUE] as number;
      } else {
        const first = g * LABEL_COMBINATIONS;
        for (let f = 0; f < LABEL_COMBINATIONS; f++) {
          const c = counts[first + f] as number;
          if (c === 0) continue;
          total += c;
          if (f & IS_POSITIVE) positives += c;
          if (f & HEAD_PREDICTS_POSITIVE) headPredicted += c;
          if (f & HEAD_TRUE_POSITIVE) headTrue += c;
          if (f & BASELINE_PREDICTS_POSITIVE) baselinePredicted += c;
          if (f & BASELINE_TRUE_POSITIVE) baselineTrue += c;
        }
      }
      binaryLabelMetricsInto(positive, headPredicted, headTrue, positives, total, headLabels);
      binaryLabelMetricsInto(positive, baselinePredicted, baselineTrue, positives, total, baselineLabels);
      for (let m = 0; m < metrics; m++) {
        const source = sources[m] as number;
        let value: number;
        if (source >= 0 && source < LABEL_SLOTS) {
          value = (headLabels[source] as number) - (baselineLabels[source] as number);
        } else if (source === ROC_AUC) {
          value = rocAuc(headRanks, rank) - rocAuc(baselineRanks, rank);
        } else if (source === AVERAGE_PRECISION) {
          value = averagePrecision(headRanks, rank) - averagePrecision(baselineRanks, rank);
        } else if (source === LOG_LOSS) {
          value = total === 0 ? Number.NaN : (this.losses[2 * g] as number) / total;
        } else if (source === BRIER) {
          value = total === 0 ? Number.NaN : (this.losses[2 * g + 1] as number) / total;
        } else {
          value = Number.NaN;
        }
        out[(g * metrics + m) * stride + index] = value;
      }
    }
  }
}

let primed = false;

/**
 * Runs every pass a few times on four rows, with and without a generator. A pass's first real call
 * is long enough for V8 to optimise its loop while running it, before the code after the loop has
 * ever run; that code then lacks type feedback and the optimised code bails out at the end of
 * every call, which sends each replicate back through the interpreter. Priming gives V8 the
 * feedback first.
 */
function primeOnce(): void {
  if (primed) return;
  primed = true;
  const yTrue = Int32Array.of(0, 1, 0, 1);
  const classes = ["0", "1"];
  const model = (proba: number[]) =>
    prepareClassifier(
      {
        classes,
        yTrue,
        yPred: Int32Array.from(proba, (p) => (p >= 0.5 ? 1 : 0)),
        proba: Float64Array.from(proba.flatMap((p) => [1 - p, p])),
      },
      "binary",
    );
  const pair = pairRows(model([0.2, 0.7, 0.7, 0.9]), model([0.4, 0.4, 0.6, 0.8]));
  const metricSets: MetricName[][] = [
    ["accuracy", "roc_auc", "average_precision", "log_loss", "brier"],
    ["accuracy", "roc_auc"],
  ];
  for (const metrics of metricSets) {
    const kernel = BinarySegmentKernel.forPair(pair, metrics, [{ codes: Int32Array.of(0, 0, 1, -1), segments: 2 }]);
    if (!kernel) return;
    const out = new Float64Array(kernel.groups * kernel.metrics);
    // V8 allocates a function's feedback vector only after several calls (8 in Node 20-24).
    for (let k = 0; k < 12; k++) kernel.replicate(k % 2 === 0 ? new Xoshiro128(k) : null, out, 0, 1);
  }
}

/** Adds the four interleaved copies into group g's 32 label counts, and clears them. */
function foldCopies(copies: Int32Array, counts: Int32Array, g: number): void {
  const at = g * LABEL_COMBINATIONS;
  for (let f = 0; f < LABEL_COMBINATIONS; f++) {
    counts[at + f] =
      (copies[f] as number) +
      (copies[f + LABEL_COMBINATIONS] as number) +
      (copies[f + 2 * LABEL_COMBINATIONS] as number) +
      (copies[f + 3 * LABEL_COMBINATIONS] as number);
  }
  copies.fill(0);
}

/** ROC AUC from a group's ranking sums: NaN when the group holds one class only. */
function rocAuc(ranks: Float64Array, at: number): number {
  const positives = ranks[at + TRUE_POSITIVES] as number;
  const negatives = (ranks[at + SELECTED] as number) - positives;
  return positives === 0 || negatives === 0 ? Number.NaN : (ranks[at + AREA] as number) / positives / negatives;
}

/** Average precision from a group's ranking sums: 0 without positives, as scikit-learn. */
function averagePrecision(ranks: Float64Array, at: number): number {
  const positives = ranks[at + TRUE_POSITIVES] as number;
  return positives === 0 ? 0 : (ranks[at + PRECISION_SUM] as number) / positives;
}

/**
 * Pass 1, ascending over the stored rows: draws the weights (or reads them) and sums group 0's
 * label counts (into four interleaved copies, so consecutive rows with the same flags do not wait
 * on each other's store) and losses, the head's ROC area and tie weights, and adds each row's weight
 * to its cell of baseline ties. Arithmetic on typed arrays only, so V8 keeps it optimised.
 */
function overallPass(
  state: BinaryKernelState,
  weights: Uint8Array,
  rng: Xoshiro128 | null,
  copies: Int32Array,
  losses: Float64Array,
  ranks: Float64Array,
  tieWeights: Int32Array,
  baselineTieCells: Int32Array,
  ranked: boolean,
): void {
  const { flags, differences } = state;
  const baselineCells = state.baselineCells ?? NO_CELLS;
  const table = POISSON_ONE_TABLE;
  const draw = rng !== null;
  const generator = rng?.state;
  let s0 = (generator ? (generator[0] as number) : 0) | 0; // int32 from the start keeps V8 in integer arithmetic
  let s1 = (generator ? (generator[1] as number) : 0) | 0;
  let s2 = (generator ? (generator[2] as number) : 0) | 0;
  let s3 = (generator ? (generator[3] as number) : 0) | 0;
  let random = 0;
  const n = flags.length;
  let lossSum = 0;
  let brierSum = 0;
  const keepTies = tieWeights.length > 0;
  let tie = 0;
  let area = 0;
  let positives = 0;
  let negativesBelow = 0;
  let tiePositives = 0;
  let tieNegatives = 0;
  for (let j = 0; j < n; j++) {
    let w: number;
    if (draw) {
      if ((j & 1) === 0) {
        // xoshiro128** inline (prng.ts); two 16-bit weights per output, as fillPoissonWeights.
        const x = Math.imul(s1, 5);
        random = Math.imul((x << 7) | (x >>> 25), 9);
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        w = table[random & 0xffff] as number;
      } else {
        w = table[random >>> 16] as number;
      }
      weights[j] = w;
    } else {
      w = weights[j] as number;
    }
    const f = flags[j] as number;
    const slot = ((j & 3) << 5) | (f & LABEL_FLAGS);
    copies[slot] = (copies[slot] as number) + w;
    lossSum += w * (differences[2 * j] as number);
    brierSum += w * (differences[2 * j + 1] as number);
    if (ranked) {
      const cell = baselineCells[j] as number;
      baselineTieCells[cell] = (baselineTieCells[cell] as number) + w;
      const p = w * (f & IS_POSITIVE);
      tiePositives += p;
      tieNegatives += w - p;
      if (f & HEAD_TIE_END) {
        area += tiePositives * (negativesBelow + 0.5 * tieNegatives);
        negativesBelow += tieNegatives;
        positives += tiePositives;
        if (keepTies) {
          tieWeights[2 * tie] = tieNegatives;
          tieWeights[2 * tie + 1] = tiePositives;
          tie++;
        }
        tiePositives = 0;
        tieNegatives = 0;
      }
    }
  }
  losses[0] = lossSum;
  losses[1] = brierSum;
  ranks[TRUE_POSITIVES] = positives;
  ranks[SELECTED] = positives + negativesBelow;
  ranks[PRECISION_SUM] = 0;
  ranks[AREA] = area;
  if (generator) {
    generator[0] = s0;
    generator[1] = s1;
    generator[2] = s2;
    generator[3] = s3;
  }
}

/** Group 0's average-precision sum from its ties' weights, from the highest tie down. */
function tiePrecision(tieWeights: Int32Array): number {
  let truePositives = 0;
  let selected = 0;
  let precision = 0;
  for (let t = tieWeights.length / 2 - 1; t >= 0; t--) {
    const positives = tieWeights[2 * t + 1] as number;
    truePositives += positives;
    selected += (tieWeights[2 * t] as number) + positives;
    if (positives > 0) precision += positives * (truePositives / selected);
  }
  return precision;
}

/**
 * Pass 2, descending over the stored rows, for one slice column (`first`) or two (`first`, then
 * `second`: their sums are independent, so the processor overlaps them, and the row's weight and
 * losses are read once for both): adds each row's loss differences to its segment's sums (so a
 * segment's are summed from its highest head score down), its weight to its cells among the
 * segment's ties of each ranking (`ties`) and, when those cannot give the segment's confusion
 * matrices, to its label counts (`labels`). No branch depends on the data.
 */
function segmentPass(
  state: BinaryKernelState,
  columns: PackedColumns,
  weights: Uint8Array,
  counts: Int32Array,
  losses: Float64Array,
  headSums: Int32Array,
  baselineSums: Int32Array,
  ties: boolean,
  labels: boolean,
): void {
  const { differences } = state;
  const { paired, fields } = columns;
  const stride = paired ? 2 * FIELDS : FIELDS;
  for (let j = weights.length - 1, at = j * stride; j >= 0; j--, at -= stride) {
    const w = weights[j] as number;
    const l = w * (differences[2 * j] as number);
    const b = w * (differences[2 * j + 1] as number);
    const slot = fields[at] as number;
    const g = 2 * (slot >> GROUP_SHIFT);
    losses[g] = (losses[g] as number) + l;
    losses[g + 1] = (losses[g + 1] as number) + b;
    if (ties) {
      const h = fields[at + 1] as number;
      headSums[h] = (headSums[h] as number) + w;
      const k = fields[at + 2] as number;
      baselineSums[k] = (baselineSums[k] as number) + w;
    }
    if (labels) counts[slot] = (counts[slot] as number) + w;
    if (paired) {
      const slot2 = fields[at + 3] as number;
      const g2 = 2 * (slot2 >> GROUP_SHIFT);
      losses[g2] = (losses[g2] as number) + l;
      losses[g2 + 1] = (losses[g2 + 1] as number) + b;
      if (ties) {
        const h = fields[at + 4] as number;
        headSums[h] = (headSums[h] as number) + w;
        const k = fields[at + 5] as number;
        baselineSums[k] = (baselineSums[k] as number) + w;
      }
      if (labels) counts[slot2] = (counts[slot2] as number) + w;
    }
  }
}

/**
 * Each group's ranking sums from the weights in its ties' cells, tie by tie from the highest score
 * down, as a walk over its rows would close each threshold: ROC AUC's Mann-Whitney area (each tie's
 * negatives x (positives above + half the tied positives)), when wanted average precision's steps,
 * and, when each tie has one prediction, the weight the model predicts positive and its positives.
 * Clears the cells (the discarded ones too) for the next replicate.
 */
function tieRanks(cells: Int32Array, ties: Ties, ranks: Float64Array, withPrecision: boolean): void {
  const { groups, tieEnds } = ties;
  const withPredictions = ties.predicts !== null;
  const predicts = ties.predicts ?? NO_PREDICTIONS;
  let t = 0;
  for (let part = 0; part < groups.length; part++) {
    const end = tieEnds[part] as number;
    let truePositives = 0;
    let selected = 0;
    let precision = 0;
    let area = 0;
    let predicted = 0;
    let predictedTrue = 0;
    for (; t < end; t++) {
      const negatives = cells[2 * t] as number;
      const positives = cells[2 * t + 1] as number;
      cells[2 * t] = 0;
      cells[2 * t + 1] = 0;
      const above = truePositives;
      truePositives += positives;
      selected += negatives + positives;
      // A tie without positives adds 0 (a finite precision times 0), which leaves the sum as it was
      // to the last bit: the sum of the ties with positives, as ranking.ts, without a branch.
      if (withPrecision) precision += positives * (truePositives / (selected > 0 ? selected : 1));
      area += negatives * (above + 0.5 * positives);
      if (withPredictions) {
        const p = predicts[t] as number;
        predicted += p * (negatives + positives);
        predictedTrue += p * positives;
      }
    }
    const at = (groups[part] as number) * RANK_STRIDE;
    ranks[at + TRUE_POSITIVES] = truePositives;
    ranks[at + SELECTED] = selected;
    ranks[at + PRECISION_SUM] = precision;
    ranks[at + AREA] = area;
    ranks[at + PREDICTED] = predicted;
    ranks[at + PREDICTED_TRUE] = predictedTrue;
  }
  cells.fill(0, 2 * t);
}
