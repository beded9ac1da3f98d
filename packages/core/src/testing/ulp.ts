/**
 * The neighbouring doubles of a number, for tests that pin a comparison exactly at its limit: a
 * threshold test that only tries values far from the limit cannot tell `>=` from `>`.
 */
const buffer = new DataView(new ArrayBuffer(8));

function step(x: number, up: boolean): number {
  if (Number.isNaN(x) || x === (up ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY)) return x;
  if (x === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  buffer.setFloat64(0, x);
  const bits = buffer.getBigUint64(0);
  // For positive numbers the next double up has the next bit pattern; for negative ones the previous.
  buffer.setBigUint64(0, x > 0 === up ? bits + 1n : bits - 1n);
  return buffer.getFloat64(0);
}

/** The smallest double greater than `x`. */
export function nextUp(x: number): number {
  return step(x, true);
}

/** The largest double less than `x`. */
export function nextDown(x: number): number {
  return step(x, false);
}
