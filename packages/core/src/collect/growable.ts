/**
 * Append-only typed arrays for per-row results whose count is known only at the end of a stream:
 * blocks as they come (one per batch), joined once at the end, one copy instead of log2(n)
 * regrowths (none when a single block came).
 */
class Blocks<T extends Float64Array | Int32Array> {
  private readonly blocks: T[] = [];
  length = 0;

  constructor(private readonly make: (n: number) => T) {}

  /** Takes `values` as they are (the caller hands them over). */
  push(values: T): void {
    this.blocks.push(values);
    this.length += values.length;
  }

  toArray(): T {
    if (this.blocks.length === 1) return this.blocks[0] as T;
    const out = this.make(this.length);
    let offset = 0;
    for (const block of this.blocks) {
      out.set(block, offset);
      offset += block.length;
    }
    return out;
  }
}

export class GrowableFloat64 extends Blocks<Float64Array> {
  constructor() {
    super((n) => new Float64Array(n));
  }
}

export class GrowableInt32 extends Blocks<Int32Array> {
  constructor() {
    super((n) => new Int32Array(n));
  }
}

/** Text values as small integer codes: slices of millions of rows with a few segments stay small. */
export class Dictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();

  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }
}
