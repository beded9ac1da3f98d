/**
 * The identifier evaluation.json carries, apart from the schema that checks the file (types.ts, zod):
 * `mlci evaluate` writes evaluation.json without loading the checker.
 */
export const EVALUATION_SCHEMA_ID = "mlci/evaluation@1";
