/**
 * The read-only view of a type inferred from a zod schema: result files are read and passed around,
 * never changed in place, and producers may hand over read-only arrays.
 */
export type Immutable<T> = T extends (infer U)[]
  ? readonly Immutable<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Immutable<T[K]> }
    : T;
