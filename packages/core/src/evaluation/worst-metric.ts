/**
 * Which metric says most about a segment that got worse, and which metric is a model's primary one:
 * shared by the PR report (its slice rows) and the release record (the regressed slices a model card
 * shows), so both name the same metric for the same segment.
 */

/** The metric of each task taken as primary when no gate names one (the usual headline metric). */
export const TASK_PRIMARY_METRICS: Readonly<Record<"binary" | "multiclass" | "regression", readonly string[]>> = {
  binary: ["roc_auc", "average_precision", "f1", "accuracy"],
  multiclass: ["f1_macro", "accuracy"],
  regression: ["rmse", "mae", "r2"],
};

/** What worstMetric reads of a segment: its differences from the baseline, and the baseline's values. */
export interface SegmentChanges<D> {
  readonly deltas?: Readonly<Record<string, D | undefined>> | undefined;
  readonly baseline?: Readonly<Record<string, number | null | undefined>> | undefined;
}

export interface WorstMetric<D> {
  readonly metric: string;
  readonly delta: D;
  /** The drop relative to the baseline's value, to rank metrics and segments on one scale. */
  readonly severity: number;
  /** How many other metrics got worse on the segment. */
  readonly others: number;
}

/** The segment's worst metric: the primary one when it got worse, else the largest relative drop. */
export function worstMetric<D extends { readonly verdict?: string | undefined; readonly delta?: number | null }>(
  segment: SegmentChanges<D>,
  primary: string | undefined,
): WorstMetric<D> | undefined {
  const worse = Object.entries(segment.deltas ?? {}).filter(
    (entry): entry is [string, D] => entry[1]?.verdict === "worse" && entry[1].delta != null,
  );
  const ranked = worse
    .map(([metric, delta]) => {
      const base = segment.baseline?.[metric];
      const scale = base ? Math.abs(base) : 1;
      return { metric, delta, severity: Math.abs(delta.delta ?? 0) / scale };
    })
    .sort((a, b) => Number(b.metric === primary) - Number(a.metric === primary) || b.severity - a.severity);
  const [first] = ranked;
  return first ? { ...first, others: ranked.length - 1 } : undefined;
}
