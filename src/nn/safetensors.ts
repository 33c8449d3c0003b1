// safetensors read/write (https://github.com/huggingface/safetensors): an 8-byte little-endian
// header length, a JSON header, then raw little-endian data. Pure TypeScript, no engine needed.
import { readFileSync } from 'node:fs';
import { BadFileError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { bfloat16ToFloat, halfToFloat } from '../io/half-float.js';

export interface HostTensor {
  shape: number[];
  data: Float32Array;
}

export interface SafetensorsFile {
  tensors: Map<string, HostTensor>;
  metadata: Record<string, string>;
}

const ELEMENT: Record<string, number> = { F32: 4, F64: 8, F16: 2, BF16: 2, I64: 8, I32: 4, U8: 1 };

export function parseSafetensors(buf: Uint8Array, name = 'buffer'): SafetensorsFile {
  const bad = (why: string) => new BadFileError(`${name} is not a valid safetensors file: ${why}`);
  if (buf.length < 8) throw bad('shorter than its 8-byte header length');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (8 + headerLen > buf.length) throw bad(`header length ${headerLen} runs past the end`);
  let header: Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] } | Record<string, string>
  >;
  try {
    header = JSON.parse(new TextDecoder().decode(buf.subarray(8, 8 + headerLen)));
  } catch {
    throw bad('its header is not JSON');
  }
  const base = 8 + headerLen;
  const tensors = new Map<string, HostTensor>();
  let metadata: Record<string, string> = {};
  for (const [key, entry] of Object.entries(header)) {
    if (key === '__metadata__') {
      metadata = entry as Record<string, string>;
      continue;
    }
    const {
      dtype,
      shape,
      data_offsets: [start, end],
    } = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const size = ELEMENT[dtype];
    if (!size) throw bad(`tensor ${key} has unsupported dtype ${dtype}`);
    const n = shape.reduce((a, b) => a * b, 1);
    if (end - start !== n * size || base + end > buf.length)
      throw bad(`tensor ${key}: offsets do not match shape [${shape}]`);
    tensors.set(key, { shape, data: toFloat32(buf.subarray(base + start, base + end), dtype, n) });
  }
  return { tensors, metadata };
}

function toFloat32(bytes: Uint8Array, dtype: string, n: number): Float32Array {
  const copy = new Uint8Array(bytes.length); // an aligned copy (Buffer.slice would be a view)
  copy.set(bytes);
  const dv = new DataView(copy.buffer);
  if (dtype === 'F32') return new Float32Array(copy.buffer, 0, n);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (dtype === 'F64') out[i] = dv.getFloat64(i * 8, true);
    else if (dtype === 'I64') out[i] = Number(dv.getBigInt64(i * 8, true));
    else if (dtype === 'I32') out[i] = dv.getInt32(i * 4, true);
    else if (dtype === 'U8') out[i] = dv.getUint8(i);
    else if (dtype === 'BF16') out[i] = bfloat16ToFloat(dv.getUint16(i * 2, true));
    else out[i] = halfToFloat(dv.getUint16(i * 2, true));
  }
  return out;
}

export function readSafetensors(path: string): SafetensorsFile {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new BadFileError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseSafetensors(buf, path);
}

/** Serialises float32 tensors (names sorted, as PyTorch's writer does) with string metadata. */
export function serializeSafetensors(tensors: Map<string, HostTensor>, metadata: Record<string, string> = {}): Buffer {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    const t = tensors.get(name)!;
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let head = Buffer.from(JSON.stringify(header));
  head = Buffer.concat([head, Buffer.alloc((8 - (head.length % 8)) % 8, 0x20)]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(head.length));
  const blobs = names.map((n) => {
    const d = tensors.get(n)!.data;
    return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  });
  return Buffer.concat([len, head, ...blobs]);
}

/** Atomic write: a crash leaves either the old file or the new one, never half of one. */
export function writeSafetensors(
  path: string,
  tensors: Map<string, HostTensor>,
  metadata: Record<string, string> = {},
): void {
  writeFileAtomic(path, serializeSafetensors(tensors, metadata));
}
