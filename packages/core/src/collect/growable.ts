/** Append-only typed arrays for per-row results whose count is known only at the end of a stream. */
export class GrowableFloat64 {
  // Blocks as they come (one per batch), joined once at the end: one copy instead of log2(n) regrowths.
  private readonly blocks: Float64Array[] = [];
  private current = new Float64Array(4096);
  private used = 0;
  length = 0;

  push(values: ArrayLike<number>): void {
    this.seal();
    this.blocks.push(values instanceof Float64Array ? values : Float64Array.from(values));
    this.length += values.length;
  }

  pushOne(value: number): void {
    if (this.used === this.current.length) {
      this.seal();
    }
    this.current[this.used++] = value;
    this.length++;
  }

  private seal(): void {
    if (this.used > 0) this.blocks.push(this.current.subarray(0, this.used));
    this.current = new Float64Array(this.current.length);
    this.used = 0;
  }

  toArray(): Float64Array {
    this.seal();
    const out = new Float64Array(this.length);
    let offset = 0;
    for (const block of this.blocks) {
      out.set(block, offset);
      offset += block.length;
    }
    return out;
  }
}

export class GrowableInt32 {
  private data = new Int32Array(1024);
  length = 0;

  pushOne(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  toArray(): Int32Array {
    return this.data.slice(0, this.length);
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
