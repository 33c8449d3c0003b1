// A minimal protocol-buffers reader: walks one message's fields (varints, fixed 32/64-bit, and
// length-delimited bytes), just what reading an ONNX ModelProto back needs.
import { BadFileError } from '../errors.js';

export type Field =
  | { field: number; wire: 0; value: bigint }
  | { field: number; wire: 1 | 5; bytes: Uint8Array }
  | { field: number; wire: 2; bytes: Uint8Array };

export function readVarint(buf: Uint8Array, at: { pos: number }, what: string): bigint {
  let v = 0n;
  for (let shift = 0n; ; shift += 7n) {
    if (at.pos >= buf.length || shift > 63n)
      throw new BadFileError(`${what}: a varint runs past the end (truncated or not protobuf)`);
    const b = buf[at.pos++]!;
    v |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return v;
  }
}

/** Every field of one message, in file order. */
export function readFields(buf: Uint8Array, what: string): Field[] {
  const out: Field[] = [];
  const at = { pos: 0 };
  const take = (n: number) => {
    if (at.pos + n > buf.length)
      throw new BadFileError(`${what}: a field runs past the end (truncated or not protobuf)`);
    at.pos += n;
    return buf.subarray(at.pos - n, at.pos);
  };
  while (at.pos < buf.length) {
    const key = Number(readVarint(buf, at, what));
    const [field, wire] = [key >>> 3, key & 7];
    if (wire === 0) out.push({ field, wire, value: readVarint(buf, at, what) });
    else if (wire === 1 || wire === 5) out.push({ field, wire, bytes: take(wire === 1 ? 8 : 4) });
    else if (wire === 2) out.push({ field, wire, bytes: take(Number(readVarint(buf, at, what))) });
    else throw new BadFileError(`${what}: wire type ${wire} is not one protobuf writes today (not an ONNX file?)`);
  }
  return out;
}

/** Integers of a repeated field, whether written packed (one length-delimited run) or one by one. */
export function repeatedInts(fields: Field[], field: number, what: string): bigint[] {
  const out: bigint[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if (f.wire === 0) out.push(f.value);
    else if (f.wire === 2) {
      const at = { pos: 0 };
      while (at.pos < f.bytes.length) out.push(readVarint(f.bytes, at, what));
    }
  }
  return out;
}

export const text = (b: Uint8Array) => new TextDecoder().decode(b);
