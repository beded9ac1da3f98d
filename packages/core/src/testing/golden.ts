import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { WeightedPoints } from "../drift/statistics.js";

/** scipy golden values written by scripts/golden/drift.py. */
export interface Golden {
  counts: Array<{
    reference: number[];
    current: number[];
    psi: number;
    jensen_shannon: number;
    chi_square: { statistic: number; p_value: number; dof: number };
  }>;
  samples: Array<{
    name: string;
    a: number[];
    b: number[];
    wasserstein: number;
    ks_statistic: number;
    ks_p_value_kstwobign: number;
    ks_p_value_scipy_asymp: number;
  }>;
  kolmogorov_sf: Array<{ lambda: number; sf: number }>;
  chi2_sf: Array<{ x: number; dof: number; sf: number }>;
}

export const golden: Golden = JSON.parse(
  readFileSync(new URL("../../../../test/golden/drift.json", import.meta.url), "utf8"),
);

export function closeTo(actual: number, expected: number, relative = 1e-9, absolute = 1e-15): void {
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.abs(expected) + absolute,
    `${actual} differs from ${expected} by more than ${relative} relative`,
  );
}

/** Exact samples as weighted points: sorted distinct values with their multiplicities. */
export function pointsOf(sample: number[]): WeightedPoints {
  const counts = new Map<number, number>();
  for (const v of sample) counts.set(v, (counts.get(v) ?? 0) + 1);
  const values = [...counts.keys()].sort((a, b) => a - b);
  return { values, weights: values.map((v) => counts.get(v) as number) };
}
