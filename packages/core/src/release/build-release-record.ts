import { type Evaluation, modelFileOf } from "../evaluation/types.js";
import { TASK_PRIMARY_METRICS, worstMetric } from "../evaluation/worst-metric.js";
import type { Lineage } from "../lineage/lineage.js";
import type { ColumnProfile, DatasetProfile } from "../profile/profile-file.js";
import {
  MAX_RELEASE_REGRESSED_SLICES,
  RELEASE_SCHEMA_ID,
  type ReleaseAsset,
  type ReleaseGate,
  type ReleaseMetric,
  type ReleaseRecord,
  type ReleaseRegressedSlice,
} from "./release-record.js";
import { formatVersion } from "./semver.js";
import type { ModelSignature } from "./signature.js";
import type { VersionDecision } from "./version-decision.js";

export interface FileFingerprint {
  readonly path: string;
  readonly sha256: string;
  readonly size_bytes: number;
}

/** What the record keeps of profile.json: the rows and each column's type and missing count. */
export type ProfileSummarySource = Pick<DatasetProfile, "source" | "rows"> & {
  readonly columns: Readonly<Record<string, Pick<ColumnProfile, "type" | "missing">>>;
};

export interface ReleaseRecordInput {
  readonly name: string;
  readonly tag: string;
  readonly decision: VersionDecision;
  readonly commit: string;
  /** ISO 8601; passed in because the core does not read the clock. */
  readonly now: string;
  readonly previous?: { readonly version: string; readonly tag: string; readonly record?: ReleaseRecord | undefined };
  readonly model: FileFingerprint & { readonly asset: string };
  readonly signature?: ModelSignature | undefined;
  readonly evaluation?: Evaluation | undefined;
  readonly lineage?: Lineage | undefined;
  readonly contract?: FileFingerprint | undefined;
  readonly profile?: ProfileSummarySource | undefined;
  readonly card?: { readonly intended_use?: string | undefined; readonly limitations?: string | undefined } | undefined;
  readonly assets: readonly ReleaseAsset[];
  /** Model hashes of this model's existing versions, to name the baseline an evaluation compared with. */
  readonly versionsBySha?: ReadonlyMap<string, string>;
}

export function buildReleaseRecord(input: ReleaseRecordInput): ReleaseRecord {
  return {
    schema: RELEASE_SCHEMA_ID,
    name: input.name,
    version: formatVersion(input.decision.version),
    tag: input.tag,
    commit: input.commit,
    created_at: input.now,
    previous: input.previous ? { version: input.previous.version, tag: input.previous.tag } : null,
    bump: { level: input.decision.level, source: input.decision.source, reasons: [...input.decision.reasons] },
    model: {
      path: input.model.path,
      asset: input.model.asset,
      sha256: input.model.sha256,
      size_bytes: input.model.size_bytes,
      signature: input.signature ?? null,
    },
    evaluation: input.evaluation ? evaluationSummary(input) : null,
    data: (input.lineage?.data ?? []).map((d) => ({
      path: d.path,
      sha256: d.sha256,
      ...(d.bytes !== undefined ? { bytes: d.bytes } : {}),
    })),
    contract: input.contract
      ? { path: input.contract.path, sha256: input.contract.sha256, size_bytes: input.contract.size_bytes }
      : null,
    profile: input.profile ? profileSummary(input.profile) : null,
    lineage: input.lineage ? lineageSummary(input.lineage) : null,
    card: definedOnly({ intended_use: input.card?.intended_use, limitations: input.card?.limitations }),
    assets: [...input.assets],
  };
}

type MetricDelta = NonNullable<NonNullable<Evaluation["comparison"]>["deltas"]["accuracy"]>;

function evaluationSummary(input: ReleaseRecordInput): NonNullable<ReleaseRecord["evaluation"]> {
  const evaluation = input.evaluation as Evaluation;
  const previousMetrics = input.previous?.record?.evaluation?.metrics ?? {};
  const baselineSha = modelFileOf(evaluation.baseline?.model)?.sha256;
  const baselineVersion = baselineSha ? input.versionsBySha?.get(baselineSha) : undefined;
  // When the evaluation's baseline is the previous version, its metrics on these rows are the
  // previous version's numbers (and comparable, unlike those recorded on other data).
  const baselineIsPrevious = baselineVersion !== undefined && baselineVersion === input.previous?.version;
  const deltas: Readonly<Record<string, MetricDelta | undefined>> = evaluation.comparison?.deltas ?? {};
  const baselineMetrics: Readonly<Record<string, number | null | undefined>> = evaluation.baseline?.metrics ?? {};
  const metrics: Record<string, ReleaseMetric> = {};
  for (const [name, value] of Object.entries(evaluation.head.metrics)) {
    const d = deltas[name];
    const previous = baselineIsPrevious ? baselineMetrics[name] : previousMetrics[name]?.value;
    metrics[name] = definedOnly({
      value,
      previous,
      delta: d?.delta,
      ci_low: d?.ci_low,
      ci_high: d?.ci_high,
      significant: d?.significant,
      verdict: d?.verdict,
    }) as ReleaseMetric;
  }
  const baseline = evaluation.baseline
    ? (baselineVersion ?? modelFileOf(evaluation.baseline.model)?.path ?? "baseline")
    : null;
  return definedOnly({
    task: evaluation.task,
    data: evaluation.data ? definedOnly({ path: evaluation.data.path, rows: evaluation.data.rows }) : undefined,
    target: evaluation.target,
    baseline,
    confidence: evaluation.comparison?.confidence,
    metrics,
    gates_passed: evaluation.passed,
    gates: releaseGates(evaluation.gates),
    slices: evaluation.slices.length > 0 ? regressedSlices(evaluation) : undefined,
    latency_ms_p95: evaluation.head.cost?.latency_ms?.p95,
  }) as NonNullable<ReleaseRecord["evaluation"]>;
}

/** The gates with their limits and verdicts (not the reason sentences: the card words them itself). */
function releaseGates(gates: Evaluation["gates"]): ReleaseGate[] {
  return gates.map((gate) =>
    definedOnly({
      metric: gate.metric,
      kind: gate.kind,
      threshold: gate.threshold,
      relative: gate.relative,
      observed: gate.observed,
      passed: gate.passed,
    }),
  );
}

/**
 * How many segments were compared and the worst that got significantly worse, each on its worst
 * metric; the primary metric is the first gated one, else the task's usual one (as in the PR report).
 */
function regressedSlices(evaluation: Evaluation): NonNullable<NonNullable<ReleaseRecord["evaluation"]>["slices"]> {
  const slices = evaluation.slices;
  const headMetrics: Readonly<Record<string, number | null | undefined>> = evaluation.head.metrics;
  const primary =
    evaluation.gates.find((g) => g.metric in headMetrics)?.metric ??
    TASK_PRIMARY_METRICS[evaluation.task].find((m) => headMetrics[m] != null);
  const regressed = slices.filter((slice) => slice.regressed);
  const worst = regressed
    .map((slice) => ({ slice, worst: worstMetric(slice, primary) }))
    .sort((a, b) => (b.worst?.severity ?? 0) - (a.worst?.severity ?? 0))
    .slice(0, MAX_RELEASE_REGRESSED_SLICES)
    .map(({ slice, worst }): ReleaseRegressedSlice => {
      const metric = worst?.metric ?? "";
      return {
        column: slice.column,
        segment: slice.segment,
        rows: slice.rows,
        metric,
        baseline: (slice.baseline as Readonly<Record<string, number | null>> | undefined)?.[metric] ?? null,
        head: (slice.head as Readonly<Record<string, number | null>>)[metric] ?? null,
        delta: worst?.delta.delta ?? null,
        ci_low: worst?.delta.ci_low ?? null,
        ci_high: worst?.delta.ci_high ?? null,
      };
    });
  return { compared: slices.length, regressed: regressed.length, worst };
}

function profileSummary(profile: ProfileSummarySource): NonNullable<ReleaseRecord["profile"]> {
  const columns: NonNullable<ReleaseRecord["profile"]>["columns"] = {};
  for (const [name, column] of Object.entries(profile.columns)) {
    columns[name] = definedOnly({ type: column.type, missing: column.missing });
  }
  return definedOnly({ source: profile.source, rows: profile.rows, columns });
}

function lineageSummary(lineage: Lineage): NonNullable<ReleaseRecord["lineage"]> {
  return definedOnly({
    commit: lineage.git?.commit ?? undefined,
    branch: lineage.git?.branch ?? undefined,
    run_url: lineage.run?.url,
    pr: lineage.run?.pr,
    command: [...lineage.command],
    params: { ...lineage.params },
    started_at: lineage.started_at,
    duration_ms: lineage.duration_ms,
  });
}

/** Drops undefined fields so release.json carries no nulls that mean "not given". */
function definedOnly<T extends Record<string, unknown>>(object: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
