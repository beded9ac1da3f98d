/**
 * Just enough of the protobuf wire format to edit an ONNX model without a schema: split a message
 * into its fields (keeping each field's raw bytes, so everything we do not touch, including fields a
 * newer ONNX added, is written back unchanged) and build new fields.
 */

export const WireType = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

export interface WireField {
  readonly field: number;
  readonly wireType: number;
  /** The whole field: tag, length and payload, as found. */
  readonly raw: Uint8Array;
  /** The payload of a length-delimited field, or the varint's value for wire type 0. */
  readonly payload: Uint8Array;
  readonly varint: bigint;
}

export function readVarint(bytes: Uint8Array, offset: number): { value: bigint; next: number } {
  let value = 0n;
  let shift = 0n;
  let position = offset;
  for (;;) {
    const byte = bytes[position];
    if (byte === undefined) throw new Error(`truncated varint at byte ${offset}`);
    position++;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value, next: position };
    shift += 7n;
    if (shift > 70n) throw new Error(`varint too long at byte ${offset}`);
  }
}

/** A varint that is a length or a tag (below 2^53), read as a number: no BigInt per field. */
function readSmallVarint(bytes: Uint8Array, offset: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  let position = offset;
  for (;;) {
    const byte = bytes[position];
    if (byte === undefined) throw new Error(`truncated varint at byte ${offset}`);
    position++;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, next: position };
    scale *= 128;
    if (scale > 2 ** 49) throw new Error(`varint too long for a length at byte ${offset}`);
  }
}

/**
 * Visits the fields of a message in order without decoding any payload: a length-delimited payload is
 * a view of `bytes`, a varint's bytes are skipped (its payload is the varint's own bytes, for
 * readVarint). Returning true from `visit` stops the scan. Large payloads (tree attributes, tensor
 * data) thus cost nothing unless a caller reads them.
 */
export function scanFields(
  bytes: Uint8Array,
  visit: (field: number, wireType: number, payload: Uint8Array) => boolean | undefined,
): void {
  let offset = 0;
  while (offset < bytes.length) {
    const start = offset;
    const tag = readSmallVarint(bytes, offset);
    offset = tag.next;
    const field = Math.floor(tag.value / 8);
    const wireType = tag.value % 8;
    let payloadStart = offset;
    switch (wireType) {
      case WireType.varint:
        while ((bytes[offset] ?? 0) & 0x80) offset++;
        offset++;
        break;
      case WireType.fixed64:
        offset += 8;
        break;
      case WireType.fixed32:
        offset += 4;
        break;
      case WireType.bytes: {
        const length = readSmallVarint(bytes, offset);
        payloadStart = length.next;
        offset = length.next + length.value;
        break;
      }
      default:
        throw new Error(`unsupported protobuf wire type ${wireType} at byte ${start}`);
    }
    if (offset > bytes.length) throw new Error(`field ${field} runs past the end of its message`);
    if (visit(field, wireType, bytes.subarray(payloadStart, offset))) return;
  }
}

export function decodeFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const start = offset;
    const tag = readVarint(bytes, offset);
    offset = tag.next;
    const field = Number(tag.value >> 3n);
    const wireType = Number(tag.value & 7n);
    let payload: Uint8Array = new Uint8Array(0);
    let varint = 0n;
    switch (wireType) {
      case WireType.varint: {
        const v = readVarint(bytes, offset);
        varint = v.value;
        offset = v.next;
        break;
      }
      case WireType.fixed64:
        offset += 8;
        break;
      case WireType.fixed32:
        offset += 4;
        break;
      case WireType.bytes: {
        const length = readVarint(bytes, offset);
        const end = length.next + Number(length.value);
        if (end > bytes.length) throw new Error(`field ${field} runs past the end of its message`);
        payload = bytes.subarray(length.next, end);
        offset = end;
        break;
      }
      default:
        throw new Error(`unsupported protobuf wire type ${wireType} at byte ${start}`);
    }
    if (offset > bytes.length) throw new Error(`field ${field} runs past the end of its message`);
    fields.push({ field, wireType, raw: bytes.subarray(start, offset), payload, varint });
  }
  return fields;
}

export function encodeVarint(value: bigint | number): Uint8Array {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return Uint8Array.from(out);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function bytesField(field: number, payload: Uint8Array | string): Uint8Array {
  const data = typeof payload === "string" ? new TextEncoder().encode(payload) : payload;
  return concat([encodeVarint((field << 3) | WireType.bytes), encodeVarint(data.length), data]);
}

export function varintField(field: number, value: bigint | number): Uint8Array {
  return concat([encodeVarint((field << 3) | WireType.varint), encodeVarint(value)]);
}

export function text(payload: Uint8Array): string {
  return new TextDecoder().decode(payload);
}
