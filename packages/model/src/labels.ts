/**
 * Labels of a batch as a small dictionary plus one code per row. A classifier's label output is one
 * of a few values repeated for millions of rows; coding them once per distinct value (not one string
 * per row) keeps label handling off the profile.
 */
export interface EncodedLabels {
  readonly names: readonly string[];
  readonly codes: Int32Array;
}

/** Codes raw values (bigint, number, string, boolean) by identity; a name is String(value). */
export function encodeLabels(values: ArrayLike<unknown>): EncodedLabels {
  const names: string[] = [];
  const seen = new Map<unknown, number>();
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    let code = seen.get(value);
    if (code === undefined) {
      code = names.length;
      names.push(String(value));
      seen.set(value, code);
    }
    codes[i] = code;
  }
  return { names, codes };
}

export function decodeLabels(labels: EncodedLabels): string[] {
  return Array.from(labels.codes, (c) => labels.names[c] as string);
}
