import type { Problem, SourceLocation } from "../problem.js";
import { err, ok, type Result } from "../result.js";
import type { Locator } from "./contract-locations.js";
import {
  type CheckValue,
  type ColumnContract,
  type ColumnType,
  type Contract,
  type Severity,
  severityOf,
  unwrap,
} from "./contract-schema.js";
import { parseDuration } from "./duration.js";

export const CHECK_KINDS = [
  "type",
  "required",
  "not_null",
  "max_missing",
  "min",
  "max",
  "allowed",
  "regex",
  "unique",
  "row_count",
  "duplicate_rows",
  "freshness",
  "custom",
] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/**
 * Severity of a check the contract does not qualify. Everything fails the run by default except
 * duplicate rows, which are often legitimate (repeated events, identical transactions) and so only warn.
 */
export const DEFAULT_SEVERITY: Readonly<Record<CheckKind, Severity>> = {
  type: "error",
  required: "error",
  not_null: "error",
  max_missing: "error",
  min: "error",
  max: "error",
  allowed: "error",
  regex: "error",
  unique: "error",
  row_count: "error",
  duplicate_rows: "warn",
  freshness: "error",
  custom: "error",
};

export type AllowedValue = string | number | boolean;

interface Base {
  /** Stable identifier inside one plan, safe as a SQL alias (`c7`). */
  readonly id: string;
  readonly severity: Severity;
}
interface ColumnBase extends Base {
  readonly column: string;
  /** The declared type, which decides how values are read (e.g. numbers stored as text). */
  readonly type: ColumnType | undefined;
}

export type PlannedCheck =
  | (ColumnBase & { readonly check: "type"; readonly expected: ColumnType })
  | (ColumnBase & { readonly check: "required"; readonly present: false })
  | (ColumnBase & { readonly check: "not_null" })
  | (ColumnBase & { readonly check: "max_missing"; readonly ratio: number })
  | (ColumnBase & { readonly check: "min" | "max"; readonly bound: number | string })
  | (ColumnBase & { readonly check: "allowed"; readonly values: readonly AllowedValue[] })
  | (ColumnBase & { readonly check: "regex"; readonly pattern: string })
  | (ColumnBase & { readonly check: "unique" })
  | (Base & { readonly check: "row_count"; readonly min?: number; readonly max?: number })
  | (Base & { readonly check: "duplicate_rows"; readonly max: number; readonly estimate: boolean })
  | (Base & {
      readonly check: "freshness";
      readonly column: string;
      readonly type: ColumnType | undefined;
      readonly maxAge: string;
      readonly maxAgeMs: number;
    })
  | (Base & { readonly check: "custom"; readonly name: string; readonly expression: string })
  | (Base & { readonly check: "custom"; readonly name: string; readonly aggregate: string });

/**
 * Turns a contract into the list of checks to run against data with the given columns. A required
 * column the data lacks is an input error (the data cannot be judged against this contract), reported
 * once for all missing columns.
 */
export function planChecks(
  contract: Contract,
  dataColumns: readonly string[],
  contractFile: string,
  locate?: Locator,
): Result<PlannedCheck[], Problem[]> {
  const present = new Set(dataColumns);
  const missing = Object.entries(contract.columns)
    .filter(([name, column]) => column.required && !present.has(name))
    .map(([name]) => name);
  const fresh = contract.dataset.freshness;
  if (fresh && !present.has(fresh.column) && !missing.includes(fresh.column)) missing.push(fresh.column);
  if (missing.length > 0) {
    const first = missing[0] ?? "";
    const path =
      fresh?.column === first && !contract.columns[first] ? ["dataset", "freshness", "column"] : ["columns", first];
    const location = locate?.(path) ?? { file: contractFile };
    return err([missingColumnsProblem(missing, dataColumns, location)]);
  }

  const checks: PlannedCheck[] = [];
  const next = () => `c${checks.length}`;
  for (const [name, column] of Object.entries(contract.columns)) {
    if (!present.has(name)) {
      checks.push({
        id: next(),
        check: "required",
        column: name,
        type: unwrap(column.type),
        present: false,
        severity: column.severity ?? DEFAULT_SEVERITY.required,
      });
      continue;
    }
    for (const check of columnChecks(name, column)) checks.push({ ...check, id: next() } as PlannedCheck);
  }
  const { row_count: rowCount, duplicate_rows: duplicates } = contract.dataset;
  if (rowCount) {
    checks.push({
      id: next(),
      check: "row_count",
      ...(rowCount.min !== undefined ? { min: rowCount.min } : {}),
      ...(rowCount.max !== undefined ? { max: rowCount.max } : {}),
      severity: rowCount.severity ?? DEFAULT_SEVERITY.row_count,
    });
  }
  if (duplicates !== undefined) {
    const entry = typeof duplicates === "number" ? { max: duplicates, severity: undefined } : duplicates;
    checks.push({
      id: next(),
      check: "duplicate_rows",
      max: entry.max,
      estimate: "estimate" in entry && entry.estimate === true,
      severity: entry.severity ?? DEFAULT_SEVERITY.duplicate_rows,
    });
  }
  if (fresh) {
    checks.push({
      id: next(),
      check: "freshness",
      column: fresh.column,
      type: unwrap(contract.columns[fresh.column]?.type),
      maxAge: fresh.max_age,
      // The schema has validated the duration already.
      maxAgeMs: parseDuration(fresh.max_age) ?? 0,
      severity: fresh.severity ?? DEFAULT_SEVERITY.freshness,
    });
  }
  for (const custom of contract.checks) {
    const severity = custom.severity ?? DEFAULT_SEVERITY.custom;
    if (custom.expression !== undefined) {
      checks.push({ id: next(), check: "custom", name: custom.name, expression: custom.expression, severity });
    } else if (custom.aggregate !== undefined) {
      checks.push({ id: next(), check: "custom", name: custom.name, aggregate: custom.aggregate, severity });
    }
  }
  return ok(checks);
}

type Unnumbered<T> = T extends unknown ? Omit<T, "id"> : never;

/** The checks of one present column, in the order a reader expects: type, completeness, values. */
function columnChecks(name: string, column: ColumnContract): Unnumbered<PlannedCheck>[] {
  const type = unwrap(column.type);
  const base = { column: name, type };
  const pick = <T>(entry: CheckValue<T> | undefined, kind: CheckKind): Severity =>
    severityOf(entry) ?? column.severity ?? DEFAULT_SEVERITY[kind];
  const out: Unnumbered<PlannedCheck>[] = [];
  if (type !== undefined) out.push({ ...base, check: "type", expected: type, severity: pick(column.type, "type") });
  if (unwrap(column.nullable) === false) {
    out.push({ ...base, check: "not_null", severity: pick(column.nullable, "not_null") });
  }
  const maxMissing = unwrap(column.max_missing);
  if (maxMissing !== undefined) {
    out.push({ ...base, check: "max_missing", ratio: maxMissing, severity: pick(column.max_missing, "max_missing") });
  }
  for (const kind of ["min", "max"] as const) {
    const bound = unwrap(column[kind]);
    if (bound !== undefined) out.push({ ...base, check: kind, bound, severity: pick(column[kind], kind) });
  }
  const allowed = unwrap(column.allowed);
  if (allowed !== undefined) {
    out.push({ ...base, check: "allowed", values: allowed, severity: pick(column.allowed, "allowed") });
  }
  const regex = unwrap(column.regex);
  if (regex !== undefined) out.push({ ...base, check: "regex", pattern: regex, severity: pick(column.regex, "regex") });
  if (unwrap(column.unique) === true) out.push({ ...base, check: "unique", severity: pick(column.unique, "unique") });
  return out;
}

/** Data columns named in a missing-column message: enough to spot a rename, short enough to read. */
const MAX_LISTED_COLUMNS = 20;

function missingColumnsProblem(
  missing: readonly string[],
  dataColumns: readonly string[],
  location: SourceLocation,
): Problem {
  const names = missing.map((m) => `"${m}"`).join(", ");
  const hints = missing
    .map((m) => [m, closestName(m, dataColumns)] as const)
    .filter((pair): pair is readonly [string, string] => pair[1] !== undefined)
    .map(([m, near]) => `"${m}" -> "${near}"?`);
  const plural = missing.length > 1;
  const listed =
    dataColumns.length > MAX_LISTED_COLUMNS
      ? `${dataColumns.slice(0, MAX_LISTED_COLUMNS).join(", ")}, ... (${dataColumns.length - MAX_LISTED_COLUMNS} more)`
      : dataColumns.join(", ");
  return {
    kind: "input",
    message: `the contract names column${plural ? "s" : ""} ${names} that the data lacks; the data has ${dataColumns.length} column${dataColumns.length === 1 ? "" : "s"}: ${listed}`,
    location,
    fix:
      hints.length > 0
        ? `rename in the contract or the data (${hints.join(", ")}), or mark the column "required: false"`
        : `add the column to the data, remove it from the contract, or mark it "required: false"`,
  };
}

/** A data column that differs only in case or by a small edit: the usual cause of a missing column. */
function closestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const byCase = candidates.find((c) => c.toLowerCase() === lower);
  if (byCase) return byCase;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= Math.max(1, Math.floor(name.length / 4)) && (!best || distance < best.distance)) {
      best = { name: candidate, distance };
    }
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
