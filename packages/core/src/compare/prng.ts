/**
 * xoshiro128** (Blackman and Vigna, 2018): a small, fast generator with 128 bits of state and good
 * statistical quality, written with 32-bit integer arithmetic so it runs at full speed in V8.
 * Seeded through splitmix32 so that nearby seeds give unrelated streams. Same seed, same stream, on
 * every platform: bootstrap intervals are reproducible.
 */
export class Xoshiro128 {
  /** The four state words; exposed so hot loops can run the generator inline and store it back. */
  readonly state = new Uint32Array(4);

  /**
   * `stream` selects an independent stream for the same seed: the bootstrap gives replicate r stream
   * r, so a replicate's weights do not depend on how replicates are split across workers.
   */
  constructor(seed: number, stream = 0) {
    this.reset(seed, stream);
  }

  /**
   * Restarts as `new Xoshiro128(seed, stream)` would, in place: the bootstrap moves one generator
   * from replicate to replicate instead of allocating one per replicate.
   */
  reset(seed: number, stream = 0): this {
    let s = (mix32(seed >>> 0) ^ Math.imul(stream >>> 0, 0x632be5ab)) >>> 0;
    for (let i = 0; i < 4; i++) {
      // splitmix32
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.state[i] = (z ^ (z >>> 16)) >>> 0;
    }
    const state = this.state;
    // the all-zero state is a fixed point
    if (state[0] === 0 && state[1] === 0 && state[2] === 0 && state[3] === 0) state[0] = 1;
    return this;
  }

  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const s = this.state;
    const s0 = s[0] as number;
    const s1 = s[1] as number;
    const s2 = s[2] as number;
    const s3 = s[3] as number;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ t;
    s[3] = rotl(n3, 11);
    return result;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A 32-bit finaliser (murmur3's), to spread seeds before splitmix32. */
function mix32(x: number): number {
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return (z ^ (z >>> 16)) >>> 0;
}
