/**
 * The bootstrap's fast path for two regressors: one fused sequential pass per replicate draws the
 * Poisson weights and accumulates every sum the regression metrics of both models need; then the
 * weighted medians walk the absolute errors in sorted order (the head's are stored sorted, see
 * paired-rows.ts; the baseline's are read through its order). Means (mae, mse, mape) are
 * bootstrapped through the per-row head-minus-baseline difference; rmse and r2 need each model's
 * own sum of squares.
 *
 * The replicate differences equal those of the per-metric path (weightedMetrics) to rounding; a test
 * checks it, and the golden bootstrap test runs through this path.
 */
import type { MetricName, MetricValues } from "../metrics/names.js";
import { r2FromSums } from "../metrics/regression.js";
import type { PairedRows } from "./paired-rows.js";
import { POISSON_ONE_TABLE } from "./poisson-weights.js";
import type { Xoshiro128 } from "./prng.js";
import { type PreparedRegressor, weightedMedian, weightedTotalSquares } from "./weighted-metrics.js";

function differenceColumn(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) - (b[i] as number);
  return out;
}

function difference(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b;
}

export interface KernelReplicate {
  /** Σ weights. */
  readonly total: number;
  /** head - baseline per wanted metric; null where undefined on this replicate. */
  readonly deltas: MetricValues;
}

export class RegressionPairKernel {
  private readonly absoluteDifference: Float64Array;
  private readonly percentageDifference: Float64Array;
  private readonly sums = new Float64Array(7);

  private constructor(
    private readonly head: PreparedRegressor,
    private readonly baseline: PreparedRegressor,
    private readonly wanted: ReadonlySet<MetricName>,
  ) {
    this.absoluteDifference = differenceColumn(head.absoluteError, baseline.absoluteError);
    this.percentageDifference = differenceColumn(head.percentageError, baseline.percentageError);
  }

  static forPair(pair: PairedRows, wanted: ReadonlySet<MetricName>): RegressionPairKernel | null {
    const { head, baseline } = pair;
    if (head.kind !== "regression" || baseline.kind !== "regression") return null;
    return new RegressionPairKernel(head, baseline, wanted);
  }

  replicate(weights: Uint8Array, rng: Xoshiro128 | null): KernelReplicate {
    const sums = this.sums;
    accumulate(
      this.absoluteDifference,
      this.head.squaredError,
      this.baseline.squaredError,
      this.percentageDifference,
      this.head.centeredTarget,
      weights,
      rng,
      sums,
    );
    const [total, absolute, headSquares, baselineSquares, percentage, targetSum, targetSquares] = sums as unknown as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const wanted = this.wanted;
    const deltas: MetricValues = {};
    const mean = (sum: number) => (total === 0 ? null : sum / total);
    if (wanted.has("mae")) deltas.mae = mean(absolute);
    if (wanted.has("mse")) deltas.mse = mean(headSquares - baselineSquares);
    if (wanted.has("rmse")) {
      deltas.rmse = total === 0 ? null : Math.sqrt(headSquares / total) - Math.sqrt(baselineSquares / total);
    }
    if (wanted.has("r2")) {
      const totalSquares = total === 0 ? 0 : weightedTotalSquares(targetSum, targetSquares, total);
      deltas.r2 =
        total === 0
          ? null
          : difference(r2FromSums(headSquares, totalSquares, total), r2FromSums(baselineSquares, totalSquares, total));
    }
    if (wanted.has("mape")) deltas.mape = mean(percentage);
    if (wanted.has("median_ae")) {
      deltas.median_ae = difference(
        weightedMedian(this.head.absoluteError, this.head.absoluteErrorOrder, weights, total),
        weightedMedian(this.baseline.absoluteError, this.baseline.absoluteErrorOrder, weights, total),
      );
    }
    return { total, deltas };
  }
}

/** The fused pass; arithmetic on typed arrays only, so V8 keeps it optimised. */
function accumulate(
  absoluteDifference: Float64Array,
  headSquares: Float64Array,
  baselineSquares: Float64Array,
  percentageDifference: Float64Array,
  centeredTarget: Float64Array,
  weights: Uint8Array,
  rng: Xoshiro128 | null,
  out: Float64Array,
): void {
  const table = POISSON_ONE_TABLE;
  const draw = rng !== null;
  const state = rng?.state;
  let s0 = (state ? (state[0] as number) : 0) | 0;
  let s1 = (state ? (state[1] as number) : 0) | 0;
  let s2 = (state ? (state[2] as number) : 0) | 0;
  let s3 = (state ? (state[3] as number) : 0) | 0;
  let random = 0;
  const n = weights.length;
  let total = 0;
  let absolute = 0;
  let headSum = 0;
  let baselineSum = 0;
  let percentage = 0;
  let targetSum = 0;
  let targetSquares = 0;
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
    const c = centeredTarget[j] as number;
    total += w;
    absolute += w * (absoluteDifference[j] as number);
    headSum += w * (headSquares[j] as number);
    baselineSum += w * (baselineSquares[j] as number);
    percentage += w * (percentageDifference[j] as number);
    targetSum += w * c;
    targetSquares += w * c * c;
  }
  if (state) {
    state[0] = s0;
    state[1] = s1;
    state[2] = s2;
    state[3] = s3;
  }
  out[0] = total;
  out[1] = absolute;
  out[2] = headSum;
  out[3] = baselineSum;
  out[4] = percentage;
  out[5] = targetSum;
  out[6] = targetSquares;
}
