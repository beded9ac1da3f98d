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
 *    precision (positives x precision at each threshold, as ranking.ts);
 * 2. "walks" read the weights through precomputed row orders, from the highest score down, and sum
 *    in registers each group's average-precision steps and Mann-Whitney area: the head's segment by
 *    segment (adding each segment's label counts and losses on the way), and the baseline's over all
 *    rows and segment by segment.
 *
 * So scores are ranked once per model (the walks are built from the two sorts, not one sort per
 * segment), nothing is sorted per replicate, and a segment costs a pass over its own rows, not over
 * all rows. Everything a replicate touches is preallocated: nothing is allocated per replicate.
 *
 * Group 0's replicates are those of the overall paired bootstrap to the last bit: the weights come
 * from the same stream in the same row order; counts and the ROC area are sums of integers and
 * half-integers (exact in any order); average precision and the losses are summed in the order
 * ranking.ts and weightedMetrics sum them. Tests check it against the per-metric path.
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
/** Stored rows: the row is the last (highest) of a tie of head scores. */
const HEAD_TIE_END = 64;
/** In a walk: the next position holds a lower score (or another segment): a threshold ends here. */
const TIE_CLOSES = 32;

/** A group's ranking sums. */
const RANK_STRIDE = 4;
const TRUE_POSITIVES = 0;
const SELECTED = 1;
const PRECISION_SUM = 2;
const AREA = 3;

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
 * Groups' rows in the order a replicate reads them: group after group, each from its highest
 * score down. Position j reads the weight of stored row order[j].
 */
export interface Walk {
  readonly order: Uint32Array;
  /** Per position: label flags (bit 0: positive) and TIE_CLOSES. */
  readonly flags: Uint8Array;
  /** Per group walked: its end position (exclusive) and its group index. */
  readonly ends: Int32Array;
  readonly groups: Int32Array;
  /** Per position, for walks that also sum labels and losses: the loss differences. */
  readonly loss: Float64Array | null;
  readonly brier: Float64Array | null;
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
  /** Head minus baseline per stored row (zeros when a model has none). */
  readonly lossDifference: Float64Array;
  readonly brierDifference: Float64Array;
  /** Ties of head scores (rows are stored in that order); 0 without ranking metrics. */
  readonly headTies: number;
  /** The segments through the head ranking (or in row order without one), with labels and losses. */
  readonly headSegments: Walk | null;
  /** Group 0 and the segments through the baseline ranking; null without ranking metrics. */
  readonly baselineAll: Walk | null;
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

function descending(ranking: RankedScores | null, n: number): Descending {
  const rows = new Uint32Array(n);
  const ties = new Int32Array(n);
  let tie = 0;
  for (let k = 0; k < n; k++) {
    const j = n - 1 - k; // ascending position
    if (ranking && k > 0 && ranking.groupEnd[j]) tie++;
    rows[k] = ranking ? (ranking.order[j] as number) : j;
    ties[k] = ranking ? tie : k;
  }
  return { rows, ties };
}

/**
 * The walk of `groups` (each a list of stored rows in descending score order, or null to skip):
 * flags of each position from `flagsOf`, TIE_CLOSES where the next position is another tie or group.
 */
function buildWalk(
  parts: ReadonlyArray<{ readonly group: number; readonly rows: Uint32Array; readonly ties: Int32Array }>,
  flagsOf: (row: number) => number,
  losses: { readonly loss: Float64Array; readonly brier: Float64Array } | null,
): Walk {
  const length = parts.reduce((sum, p) => sum + p.rows.length, 0);
  const order = new Uint32Array(length);
  const flags = new Uint8Array(length);
  const loss = losses ? new Float64Array(length) : null;
  const brier = losses ? new Float64Array(length) : null;
  let at = 0;
  for (const part of parts) {
    const m = part.rows.length;
    for (let k = 0; k < m; k++) {
      const row = part.rows[k] as number;
      order[at] = row;
      const closes = k === m - 1 || part.ties[k + 1] !== part.ties[k];
      flags[at] = flagsOf(row) | (closes ? TIE_CLOSES : 0);
      if (loss && brier && losses) {
        loss[at] = losses.loss[row] as number;
        brier[at] = losses.brier[row] as number;
      }
      at++;
    }
  }
  let end = 0;
  return {
    order,
    flags,
    ends: Int32Array.from(parts, (p) => {
      end += p.rows.length;
      return end;
    }),
    groups: Int32Array.from(parts, (p) => p.group),
    loss,
    brier,
  };
}

/** The rows of each segment (groups from 1) in the order of `ranked`, with their ties. */
function segmentParts(ranked: Descending, groupsOf: readonly Int32Array[], groups: number) {
  const sizes = new Int32Array(groups);
  for (const column of groupsOf) for (const g of column) if (g > 0) sizes[g] = (sizes[g] as number) + 1;
  const parts = Array.from({ length: groups - 1 }, (_, k) => ({
    group: k + 1,
    rows: new Uint32Array(sizes[k + 1] as number),
    ties: new Int32Array(sizes[k + 1] as number),
  }));
  const filled = new Int32Array(groups);
  for (let k = 0; k < ranked.rows.length; k++) {
    const row = ranked.rows[k] as number;
    for (const column of groupsOf) {
      const g = column[row] as number;
      if (g <= 0) continue;
      const part = parts[g - 1] as (typeof parts)[number];
      const at = filled[g] as number;
      part.rows[at] = row;
      part.ties[at] = ranked.ties[k] as number;
      filled[g] = at + 1;
    }
  }
  return parts;
}

export class BinarySegmentKernel {
  readonly groups: number;
  readonly metrics: number;
  private readonly weights: Uint8Array;
  private readonly rng = new Xoshiro128(0);
  /** Label counts per group (32 each) and four interleaved copies a walk sums one group into. */
  private readonly counts: Int32Array;
  private readonly copies = new Int32Array(4 * LABEL_COMBINATIONS);
  private readonly loss: Float64Array;
  private readonly brier: Float64Array;
  private readonly headRanks: Float64Array;
  private readonly baselineRanks: Float64Array;
  private readonly headLabels = new Float64Array(LABEL_SLOTS);
  private readonly baselineLabels = new Float64Array(LABEL_SLOTS);
  private readonly ranked: boolean;
  /** Average precision is wanted (its steps cost a division per tie). */
  private readonly precision: boolean;
  /** Per head tie of group 0: weight of its negatives (2t) and positives (2t + 1). */
  private readonly headTieWeights: Int32Array;

  private constructor(readonly state: BinaryKernelState) {
    this.groups = state.groups;
    this.metrics = state.sources.length;
    this.weights = new Uint8Array(state.rows);
    this.counts = new Int32Array(state.groups * LABEL_COMBINATIONS);
    this.loss = new Float64Array(state.groups);
    this.brier = new Float64Array(state.groups);
    this.headRanks = new Float64Array(state.groups * RANK_STRIDE);
    this.baselineRanks = new Float64Array(state.groups * RANK_STRIDE);
    this.ranked = state.baselineAll !== null && state.sources.some((s) => s === ROC_AUC || s === AVERAGE_PRECISION);
    this.precision = this.ranked && state.sources.includes(AVERAGE_PRECISION);
    this.headTieWeights = new Int32Array(this.precision ? 2 * state.headTies : 0);
  }

  static fromState(state: BinaryKernelState): BinarySegmentKernel {
    primeOnce();
    return new BinarySegmentKernel(state);
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
    const flags = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const headCell = head.cells[i] as number;
      const isPositive = headCell >> 1 === positive;
      let f = isPositive ? IS_POSITIVE : 0;
      if ((headCell & 1) === positive) f |= HEAD_PREDICTS_POSITIVE | (isPositive ? HEAD_TRUE_POSITIVE : 0);
      if (((baseline.cells[i] as number) & 1) === positive) {
        f |= BASELINE_PREDICTS_POSITIVE | (isPositive ? BASELINE_TRUE_POSITIVE : 0);
      }
      if (headRanking && baselineRanking && headRanking.groupEnd[i]) f |= HEAD_TIE_END;
      flags[i] = f;
    }
    let headTies = 0;
    for (let i = 0; i < n; i++) if ((flags[i] as number) & HEAD_TIE_END) headTies++;
    // Group of each stored row in each slice column (0: in none of its segments).
    let groups = 1;
    const groupsOf = columns.map((column) => {
      const offset = groups;
      groups += column.segments;
      const out = new Int32Array(n);
      for (let j = 0; j < n; j++) {
        const code = column.codes[pair.order ? (pair.order[j] as number) : j] as number;
        out[j] = code >= 0 ? offset + code : 0;
      }
      return out;
    });
    const lossDifference = differenceColumn(head.logLoss, baseline.logLoss, n);
    const brierDifference = differenceColumn(head.brier, baseline.brier, n);
    const ranked = headRanking !== null && baselineRanking !== null;
    const headOrder = descending(ranked ? headRanking : null, n);
    const labelFlags = (row: number) => (flags[row] as number) & LABEL_FLAGS;
    const positiveFlag = (row: number) => (flags[row] as number) & IS_POSITIVE;
    const baselineOrder = ranked ? descending(baselineRanking, n) : null;
    return new BinarySegmentKernel({
      rows: n,
      groups,
      positive,
      sources: Int8Array.from(metrics, (m) => metricSource(m, head, baseline)),
      flags,
      lossDifference,
      brierDifference,
      headTies,
      headSegments:
        groups > 1
          ? buildWalk(segmentParts(headOrder, groupsOf, groups), labelFlags, {
              loss: lossDifference,
              brier: brierDifference,
            })
          : null,
      baselineAll: baselineOrder
        ? buildWalk(
            [{ group: 0, ...baselineOrder }, ...segmentParts(baselineOrder, groupsOf, groups)],
            positiveFlag,
            null,
          )
        : null,
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

  /** Rows a replicate reads (the draw, then every walk): what its time is proportional to. */
  get rowsPerReplicate(): number {
    const { rows, headSegments, baselineAll } = this.state;
    return rows + (headSegments?.order.length ?? 0) + (baselineAll?.order.length ?? 0);
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
    const weights = this.weights;
    const copies = this.copies;
    const { ranked, precision } = this;
    overallPass(s, weights, rng, copies, this.loss, this.brier, this.headRanks, this.headTieWeights, ranked);
    foldCopies(copies, this.counts, 0);
    if (precision) this.headRanks[PRECISION_SUM] = tiePrecision(this.headTieWeights);
    const { headSegments, baselineAll } = s;
    if (headSegments) {
      walk(headSegments, weights, this.headRanks, precision, copies, this.counts, this.loss, this.brier);
    }
    if (ranked && baselineAll) {
      walk(baselineAll, weights, this.baselineRanks, precision, null, this.counts, this.loss, this.brier);
    }
    this.finish(out, index, stride);
  }

  private finish(out: Float64Array, index: number, stride: number): void {
    const { sources, positive } = this.state;
    const counts = this.counts;
    const headLabels = this.headLabels;
    const baselineLabels = this.baselineLabels;
    const metrics = sources.length;
    for (let g = 0; g < this.groups; g++) {
      let total = 0;
      let positives = 0;
      let headPredicted = 0;
      let headTrue = 0;
      let baselinePredicted = 0;
      let baselineTrue = 0;
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
      binaryLabelMetricsInto(positive, headPredicted, headTrue, positives, total, headLabels);
      binaryLabelMetricsInto(positive, baselinePredicted, baselineTrue, positives, total, baselineLabels);
      const rank = g * RANK_STRIDE;
      for (let m = 0; m < metrics; m++) {
        const source = sources[m] as number;
        let value: number;
        if (source >= 0 && source < LABEL_SLOTS) {
          value = (headLabels[source] as number) - (baselineLabels[source] as number);
        } else if (source === ROC_AUC) {
          value = rocAuc(this.headRanks, rank) - rocAuc(this.baselineRanks, rank);
        } else if (source === AVERAGE_PRECISION) {
          value = averagePrecision(this.headRanks, rank) - averagePrecision(this.baselineRanks, rank);
        } else if (source === LOG_LOSS) {
          value = total === 0 ? Number.NaN : (this.loss[g] as number) / total;
        } else if (source === BRIER) {
          value = total === 0 ? Number.NaN : (this.brier[g] as number) / total;
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
 * on each other's store) and losses. Arithmetic on typed arrays only, so V8 keeps it optimised.
 */
function overallPass(
  state: BinaryKernelState,
  weights: Uint8Array,
  rng: Xoshiro128 | null,
  copies: Int32Array,
  loss: Float64Array,
  brier: Float64Array,
  ranks: Float64Array,
  tieWeights: Int32Array,
  ranked: boolean,
): void {
  const { flags, lossDifference, brierDifference } = state;
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
    lossSum += w * (lossDifference[j] as number);
    brierSum += w * (brierDifference[j] as number);
    if (ranked) {
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
  loss[0] = lossSum;
  brier[0] = brierSum;
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

/** Group 0's average-precision sum from its head ties' weights, from the highest tie down. */
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

/** Stands in for the losses of a walk that sums none (one array type keeps the walk monomorphic). */
const NO_LOSSES = new Float64Array(0);

/**
 * A walk: each group's ranking sums from its highest score down, kept in registers and stored once
 * per group; with `copies`, each group's label counts and losses too.
 */
function walk(
  path: Walk,
  weights: Uint8Array,
  ranks: Float64Array,
  withPrecision: boolean,
  copies: Int32Array | null,
  counts: Int32Array,
  loss: Float64Array,
  brier: Float64Array,
): void {
  const { order, flags, ends, groups } = path;
  const labelled = copies !== null;
  const copy = copies ?? counts;
  const lossOf = path.loss ?? NO_LOSSES;
  const brierOf = path.brier ?? NO_LOSSES;
  let j = 0;
  for (let part = 0; part < ends.length; part++) {
    const end = ends[part] as number;
    let truePositives = 0;
    let selected = 0;
    let precision = 0;
    let area = 0;
    let tiePositives = 0;
    let tieWeight = 0;
    let lossSum = 0;
    let brierSum = 0;
    for (; j < end; j++) {
      const w = weights[order[j] as number] as number;
      const f = flags[j] as number;
      const p = w * (f & IS_POSITIVE);
      tiePositives += p;
      tieWeight += w;
      if (labelled) {
        const slot = ((j & 3) << 5) | (f & LABEL_FLAGS);
        copy[slot] = (copy[slot] as number) + w;
        lossSum += w * (lossOf[j] as number);
        brierSum += w * (brierOf[j] as number);
      }
      if (f & TIE_CLOSES) {
        const above = truePositives;
        truePositives += tiePositives;
        selected += tieWeight;
        if (withPrecision && tiePositives > 0) precision += tiePositives * (truePositives / selected);
        area += (tieWeight - tiePositives) * (above + 0.5 * tiePositives);
        tiePositives = 0;
        tieWeight = 0;
      }
    }
    const g = groups[part] as number;
    const at = g * RANK_STRIDE;
    ranks[at + TRUE_POSITIVES] = truePositives;
    ranks[at + SELECTED] = selected;
    ranks[at + PRECISION_SUM] = precision;
    ranks[at + AREA] = area;
    if (labelled) {
      foldCopies(copy, counts, g);
      loss[g] = lossSum;
      brier[g] = brierSum;
    }
  }
}
