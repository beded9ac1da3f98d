/**
 * Typed results for the pure core: functions that can fail for reasons the user must see return a
 * `Result` instead of throwing, so the caller decides how the failure reaches the user (exit code,
 * message, job summary).
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
