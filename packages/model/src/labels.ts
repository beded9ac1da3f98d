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
  if (values instanceof BigInt64Array) return encodeInt64Labels(values);
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

/**
 * int64 labels without a BigInt per row: each value is read as two 32-bit halves (little-endian, as
 * every platform onnxruntime-node ships for), and values that fit in 32 bits, which class labels do,
 * are coded by number. Wider values take the generic path.
 */
function encodeInt64Labels(values: BigInt64Array): EncodedLabels {
  const halves = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  const names: string[] = [];
  const seen = new Map<number, number>();
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const low = halves[2 * i] as number;
    const high = halves[2 * i + 1] as number;
    if (high !== (low < 0 ? -1 : 0)) return encodeLabels(Array.from(values));
    let code = seen.get(low);
    if (code === undefined) {
      code = names.length;
      names.push(String(low));
      seen.set(low, code);
    }
    codes[i] = code;
  }
  return { names, codes };
}
