import { GATE_KINDS, type GateKind } from "../evaluation/types.js";
import { TASK_PRIMARY_METRICS, worstMetric } from "../evaluation/worst-metric.js";
import type { EvaluationView } from "./evaluation-view.js";
import type { LineageView } from "./lineage-view.js";
import type { ProfileView } from "./profile-view.js";
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
  readonly evaluation?: EvaluationView | undefined;
  readonly lineage?: LineageView | undefined;
  readonly contract?: FileFingerprint | undefined;
  readonly profile?: ProfileView | undefined;
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

function evaluationSummary(input: ReleaseRecordInput): NonNullable<ReleaseRecord["evaluation"]> {
  const evaluation = input.evaluation as EvaluationView;
  const previousMetrics = input.previous?.record?.evaluation?.metrics ?? {};
  const baselineSha = evaluation.baseline?.model?.sha256;
  const baselineVersion = baselineSha ? input.versionsBySha?.get(baselineSha) : undefined;
  // When the evaluation's baseline is the previous version, its metrics on these rows are the
  // previous version's numbers (and comparable, unlike those recorded on other data).
  const baselineIsPrevious = baselineVersion !== undefined && baselineVersion === input.previous?.version;
  const deltas = evaluation.comparison?.deltas ?? {};
  const metrics: Record<string, ReleaseMetric> = {};
  for (const [name, value] of Object.entries(evaluation.head.metrics)) {
    const d = deltas[name];
    const previous = baselineIsPrevious ? evaluation.baseline?.metrics[name] : previousMetrics[name]?.value;
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
  const baseline = evaluation.baseline ? (baselineVersion ?? evaluation.baseline.model?.path ?? "baseline") : null;
  return definedOnly({
    task: evaluation.task,
    data: evaluation.data ? definedOnly({ path: evaluation.data.path, rows: evaluation.data.rows }) : undefined,
    target: evaluation.target,
    baseline,
    confidence: evaluation.comparison?.confidence,
    metrics,
    gates_passed: evaluation.passed,
    gates: evaluation.gates ? releaseGates(evaluation.gates) : undefined,
    slices: evaluation.slices && evaluation.slices.length > 0 ? regressedSlices(evaluation) : undefined,
    latency_ms_p95: evaluation.head.cost?.latency_ms?.p95,
  }) as NonNullable<ReleaseRecord["evaluation"]>;
}

const isGateKind = (kind: string | undefined): kind is GateKind =>
  (GATE_KINDS as readonly string[]).includes(kind ?? "");

/** The gates with their limits and verdicts; a gate the file describes only in part is left out. */
function releaseGates(gates: NonNullable<EvaluationView["gates"]>): ReleaseGate[] {
  return gates.flatMap((gate) => {
    const { metric, kind, threshold } = gate;
    if (metric === undefined || !isGateKind(kind) || threshold === undefined) return [];
    return [
      definedOnly({
        metric,
        kind,
        threshold,
        relative: gate.relative,
        observed: gate.observed ?? null,
        passed: gate.passed,
      }) as ReleaseGate,
    ];
  });
}

/**
 * How many segments were compared and the worst that got significantly worse, each on its worst
 * metric; the primary metric is the first gated one, else the task's usual one (as in the PR report).
 */
function regressedSlices(evaluation: EvaluationView): NonNullable<NonNullable<ReleaseRecord["evaluation"]>["slices"]> {
  const slices = evaluation.slices ?? [];
  const task = evaluation.task as keyof typeof TASK_PRIMARY_METRICS | undefined;
  const primary =
    evaluation.gates?.find((g) => g.metric !== undefined && g.metric in evaluation.head.metrics)?.metric ??
    (task ? TASK_PRIMARY_METRICS[task]?.find((m) => evaluation.head.metrics[m] != null) : undefined);
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
        baseline: slice.baseline?.[metric] ?? null,
        head: slice.head[metric] ?? null,
        delta: worst?.delta.delta ?? null,
        ci_low: worst?.delta.ci_low ?? null,
        ci_high: worst?.delta.ci_high ?? null,
      };
    });
  return { compared: slices.length, regressed: regressed.length, worst };
}

function profileSummary(profile: ProfileView): NonNullable<ReleaseRecord["profile"]> {
  const columns: NonNullable<ReleaseRecord["profile"]>["columns"] = {};
  for (const [name, column] of Object.entries(profile.columns)) {
    columns[name] = definedOnly({ type: column.type, missing: column.missing });
  }
  return definedOnly({ source: profile.source, rows: profile.rows, columns });
}

function lineageSummary(lineage: LineageView): NonNullable<ReleaseRecord["lineage"]> {
  return definedOnly({
    commit: lineage.git?.commit ?? undefined,
    branch: lineage.git?.branch ?? undefined,
    run_url: lineage.run?.url,
    pr: lineage.run?.pr,
    command: lineage.command,
    params: lineage.params,
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
