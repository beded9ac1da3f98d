/**
 * HyperLogLog distinct-count sketch (Flajolet, Fusy, Gandouet, Meunier 2007) with linear counting
 * for small cardinalities. A 64-bit hash picks a register with its low `precision` bits; the register
 * keeps the largest rank (leading zeros + 1) seen in the remaining bits. Merging takes the maximum per
 * register, which is exact: the merged sketch equals the sketch of the concatenated data, provided
 * both sides used the same hash function (recorded in `hash`, since DuckDB, PostgreSQL and the
 * in-memory builder hash differently).
 */
import type { HyperLogLog } from "./profile-file.js";

/**
 * 2^9 registers: standard error 1.04 / sqrt(512) = 4.6%, stored as 512 base64 characters (one 6-bit
 * register per character). 2^10 registers would take half of the 200 kB budget of a 100-column
 * profile for a statistic no drift test uses.
 */
export const HLL_PRECISION = 9;

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const CHAR_VALUE = new Map([...ALPHABET].map((char, value) => [char, value]));

export function decodeRegisters(sketch: HyperLogLog): Uint8Array {
  const size = 2 ** sketch.precision;
  if (sketch.registers.length !== size) {
    throw new Error(
      `HyperLogLog of precision ${sketch.precision} needs ${size} registers, got ${sketch.registers.length}`,
    );
  }
  const registers = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const value = CHAR_VALUE.get(sketch.registers[i] ?? "");
    if (value === undefined) throw new Error(`invalid HyperLogLog register character at ${i}`);
    registers[i] = value;
  }
  return registers;
}

export function encodeRegisters(registers: Uint8Array, precision: number, hash: string): HyperLogLog {
  let text = "";
  for (const value of registers) text += ALPHABET[Math.min(value, 63)];
  return { precision, hash, registers: text };
}

/** Builds a sketch from (register index, rank) pairs, e.g. the SQL profiler's grouped keys. */
export function hyperLogLogFromRanks(
  ranks: Iterable<readonly [number, number]>,
  hash: string,
  precision = HLL_PRECISION,
): HyperLogLog {
  const registers = new Uint8Array(2 ** precision);
  for (const [index, rank] of ranks) {
    if ((registers[index] ?? 0) < rank) registers[index] = rank;
  }
  return encodeRegisters(registers, precision, hash);
}

export function mergeHyperLogLogs(a: HyperLogLog, b: HyperLogLog): HyperLogLog | null {
  if (a.precision !== b.precision || a.hash !== b.hash) return null;
  const left = decodeRegisters(a);
  const right = decodeRegisters(b);
  for (let i = 0; i < left.length; i++) left[i] = Math.max(left[i] ?? 0, right[i] ?? 0);
  return encodeRegisters(left, a.precision, a.hash);
}

export function estimateDistinct(sketch: HyperLogLog): number {
  const registers = decodeRegisters(sketch);
  const m = registers.length;
  let harmonic = 0;
  let zeros = 0;
  for (const value of registers) {
    harmonic += 2 ** -value;
    if (value === 0) zeros++;
  }
  const alphaM = 0.7213 / (1 + 1.079 / m);
  const raw = (alphaM * m * m) / harmonic;
  // Small range: linear counting is far more accurate while registers are still empty.
  if (raw <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros));
  return Math.round(raw);
}

/** The in-memory builder's hash: two 32-bit MurmurHash3 passes give 64 bits. */
export const MEMORY_HASH = "murmur3-x86-32x2";

/** (register, rank) of a value's text for the in-memory builder. */
export function hyperLogLogRank(text: string, precision = HLL_PRECISION): [number, number] {
  const high = murmur3(text, 0x9747b28c);
  const low = murmur3(text, 0x5bd1e995);
  const index = high & (2 ** precision - 1);
  const rest = high >>> precision;
  const restBits = 32 - precision;
  if (rest !== 0) return [index, restBits - (32 - Math.clz32(rest)) + 1];
  if (low !== 0) return [index, restBits + Math.clz32(low) + 1];
  return [index, restBits + 32 + 1];
}

/** MurmurHash3 x86 32-bit over the UTF-16 code units of a string. */
function murmur3(text: string, seed: number): number {
  let h = seed >>> 0;
  const length = text.length;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    let k = (text.charCodeAt(i) & 0xffff) | ((text.charCodeAt(i + 1) & 0xffff) << 16);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  if (i < length) {
    let k = text.charCodeAt(i) & 0xffff;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= length * 2;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
