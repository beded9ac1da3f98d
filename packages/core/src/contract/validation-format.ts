/**
 * The constants of validation.json, apart from the schema that checks the file (validation-result.ts,
 * zod): `mlci validate` writes validation.json without building the checker.
 */

/** Version tag of validation.json; bump when a field changes meaning. */
export const VALIDATION_SCHEMA_ID = "mlci/validation@1";

/** Most example rows kept per failed check: enough to see the pattern, few enough to read. */
export const MAX_EXAMPLES = 5;
