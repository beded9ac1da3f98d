import { mergePerformance } from "../drift/performance.js";
import type { Problem } from "../problem.js";
import { err, ok, type Result } from "../result.js";
import { mergeColumnProfiles } from "./column-profile.js";
import type { ColumnProfile, DatasetProfile } from "./profile-file.js";

/**
 * Merges shard profiles into the profile of the concatenated data: exact for counts, moments, min,
 * max, bucket counts and HyperLogLog registers; top categories as documented in top-categories.ts.
 */
export function mergeProfiles(profiles: readonly DatasetProfile[]): Result<DatasetProfile, Problem[]> {
  const [first, ...rest] = profiles;
  if (!first) return err([{ kind: "usage", message: "no profiles to merge" }]);
  let merged: DatasetProfile = { ...first, parts: partsOf(first) };
  for (const next of rest) {
    const result = mergeTwo(merged, next);
    if (!result.ok) return result;
    merged = result.value;
  }
  merged.source = `merge of ${profiles.length} profiles`;
  return ok(merged);
}

function partsOf(profile: DatasetProfile): string[] {
  return profile.parts ?? [profile.source];
}

function mergeTwo(a: DatasetProfile, b: DatasetProfile): Result<DatasetProfile, Problem[]> {
  const problems = sameColumns(a, b);
  if (problems.length > 0) return err(problems);
  const columns: Record<string, ColumnProfile> = {};
  for (const [name, column] of Object.entries(a.columns)) {
    const other = b.columns[name] as ColumnProfile;
    try {
      columns[name] = mergeColumnProfiles(column, other);
    } catch (error) {
      return err([{ kind: "input", message: `column "${name}": ${(error as Error).message}` }]);
    }
  }
  const merged: DatasetProfile = {
    schema: a.schema,
    source: a.source,
    parts: [...partsOf(a), ...partsOf(b)],
    rows: a.rows + b.rows,
    columns,
  };
  if (a.predictions && b.predictions) {
    const predictions = mergeTwo(
      { ...a, columns: a.predictions, predictions: undefined, performance: undefined },
      { ...b, columns: b.predictions, predictions: undefined, performance: undefined },
    );
    if (!predictions.ok) return predictions;
    merged.predictions = predictions.value.columns;
  }
  if (a.performance && b.performance) {
    const performance = mergePerformance(a.performance, b.performance);
    if (performance) merged.performance = performance;
  }
  return ok(merged);
}

function sameColumns(a: DatasetProfile, b: DatasetProfile): Problem[] {
  const problems: Problem[] = [];
  for (const name of Object.keys(a.columns)) {
    const other = b.columns[name];
    if (!other) problems.push(mismatch(`column "${name}" is in ${a.source} but not in ${b.source}`));
    else if (other.type !== a.columns[name]?.type) {
      problems.push(
        mismatch(`column "${name}" is ${a.columns[name]?.type} in ${a.source} but ${other.type} in ${b.source}`),
      );
    }
  }
  for (const name of Object.keys(b.columns)) {
    if (!(name in a.columns)) problems.push(mismatch(`column "${name}" is in ${b.source} but not in ${a.source}`));
  }
  return problems;
}

function mismatch(message: string): Problem {
  return { kind: "input", message, fix: "profile every shard with the same columns and types" };
}
