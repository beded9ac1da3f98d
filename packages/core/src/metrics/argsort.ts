/**
 * Stable ascending argsort of a Float64Array by LSD radix sort on the IEEE-754 bit patterns.
 * A comparator sort of 1M indices costs hundreds of milliseconds in V8; four 16-bit passes over
 * (key, index) pairs cost a few tens, and passes whose digit is the same for every key (common for
 * probabilities, whose exponents vary little) are skipped. Values that are all float32 (model
 * outputs) take 32-bit keys and two passes.
 */
const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;
const DIGIT_MASK = BUCKETS - 1;

/** Order-preserving map of doubles to two unsigned 32-bit words (high, low). NaN must not occur. */
function sortableKeys(values: Float64Array): { high: Uint32Array; low: Uint32Array } {
  const n = values.length;
  const buffer = new Float64Array(n);
  for (let i = 0; i < n; i++) buffer[i] = (values[i] as number) + 0; // -0 + 0 === +0: equal values, equal keys
  const words = new Uint32Array(buffer.buffer);
  const high = new Uint32Array(n);
  const low = new Uint32Array(n);
  // Little-endian doubles: word 2i is the low half, 2i+1 the high half (with the sign bit).
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1] as number;
    const lo = words[2 * i] as number;
    if (hi & 0x80000000) {
      // Negative: flip every bit so that more negative sorts first.
      high[i] = ~hi >>> 0;
      low[i] = ~lo >>> 0;
    } else {
      high[i] = (hi | 0x80000000) >>> 0;
      low[i] = lo;
    }
  }
  return { high, low };
}

/**
 * Order-preserving 32-bit keys when every value is exactly a float32 (a model's outputs usually are:
 * onnxruntime computes in float32), else null. Half the key of sortableKeys: two radix passes.
 */
function float32Keys(values: Float64Array): Uint32Array | null {
  const n = values.length;
  const floats = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const f = Math.fround(v);
    if (f !== v) return null; // not a float32 (or NaN)
    floats[i] = f + 0; // -0 + 0 === +0: equal values, equal keys
  }
  const keys = new Uint32Array(floats.buffer);
  for (let i = 0; i < n; i++) {
    const bits = keys[i] as number;
    // Negative: flip every bit so that more negative sorts first; positive: set the sign bit.
    keys[i] = bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
  }
  return keys;
}

export function argsortFloat64(values: Float64Array): Uint32Array {
  const n = values.length;
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let scratch = new Uint32Array(n);
  const counts = new Uint32Array(BUCKETS);
  // Digits from least to most significant: low word bits 0-15, 16-31, then high word.
  const narrow = float32Keys(values);
  let passes: Array<[Uint32Array, number]>;
  if (narrow) {
    passes = [
      [narrow, 0],
      [narrow, DIGIT_BITS],
    ];
  } else {
    const { high, low } = sortableKeys(values);
    passes = [
      [low, 0],
      [low, DIGIT_BITS],
      [high, 0],
      [high, DIGIT_BITS],
    ];
  }
  for (const [words, shift] of passes) {
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const bucket = ((words[i] as number) >>> shift) & DIGIT_MASK;
      counts[bucket] = (counts[bucket] as number) + 1;
    }
    if (n === 0 || counts[((words[0] as number) >>> shift) & DIGIT_MASK] === n) continue; // one digit: nothing moves
    let start = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[b] as number;
      counts[b] = start;
      start += c;
    }
    for (let j = 0; j < n; j++) {
      const index = order[j] as number;
      const bucket = ((words[index] as number) >>> shift) & DIGIT_MASK;
      const target = counts[bucket] as number;
      scratch[target] = index;
      counts[bucket] = target + 1;
    }
    const swap = order;
    order = scratch;
    scratch = swap;
  }
  return order;
}
