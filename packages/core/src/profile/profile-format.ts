/**
 * How a profile file says what it is, apart from the schema that checks it (profile-file.ts, zod): a
 * command that profiles data and reads no profile file then never loads the checker.
 */

export const PROFILE_SCHEMA = "mlci/profile@1";

/** True when parsed JSON claims to be a profile (it is then validated by profile-file.ts's `parseProfile`). */
export function looksLikeProfile(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as { schema?: unknown }).schema === PROFILE_SCHEMA;
}
