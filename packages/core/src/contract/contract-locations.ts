import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { SourceLocation } from "../problem.js";
import type { PlannedCheck } from "./check-plan.js";
import type { Contract } from "./contract-schema.js";

export type YamlPath = readonly (string | number)[];
export type Locator = (path: YamlPath) => SourceLocation;

/**
 * Finds where a key of a YAML file is written, so problems found after parsing (a column the data
 * lacks, invalid custom SQL) can still point at `file:line:col`. A path that does not exist resolves
 * to its deepest existing part, and at worst to the file. The text is parsed at the first problem to
 * place, not before: most runs have none, and a YAML parse is a few milliseconds of every start.
 */
export function yamlLocator(text: string, file: string): Locator {
  let parsed: { doc: ReturnType<typeof parseDocument>; lineCounter: LineCounter } | undefined;
  return (path) => {
    if (!parsed) {
      const lineCounter = new LineCounter();
      parsed = { doc: parseDocument(text, { lineCounter }), lineCounter };
    }
    const { doc, lineCounter } = parsed;
    let node: unknown = doc.contents;
    let offset: number | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
        if (!pair) break;
        offset = isScalar(pair.key) ? pair.key.range?.[0] : offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment];
        if (!item) break;
        offset = (item as { range?: [number, number, number] }).range?.[0] ?? offset;
        node = item;
      } else {
        break;
      }
    }
    if (offset === undefined) return { file };
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
}

const COLUMN_KEY: Partial<Record<PlannedCheck["check"], string>> = {
  type: "type",
  not_null: "nullable",
  max_missing: "max_missing",
  min: "min",
  max: "max",
  allowed: "allowed",
  regex: "regex",
  unique: "unique",
};

/** The path of the contract entry that asked for a check. */
export function checkPath(contract: Contract, check: PlannedCheck): YamlPath {
  switch (check.check) {
    case "row_count":
    case "duplicate_rows":
    case "freshness":
      return ["dataset", check.check];
    case "custom":
      return ["checks", contract.checks.findIndex((c) => c.name === check.name)];
    default: {
      const key = COLUMN_KEY[check.check];
      return key === undefined ? ["columns", check.column] : ["columns", check.column, key];
    }
  }
}
