// Reads an ONNX file's initializers and metadata back (onnx.proto field numbers): what it takes to
// continue training from a model that was only kept as ONNX. Pure TypeScript, no engine needed.
import { readFileSync } from 'node:fs';
import { BadFileError } from '../errors.js';
import { halfToFloat } from '../io/half-float.js';
import { type Field, readFields, repeatedInts, text } from './proto-reader.js';

export interface OnnxTensor {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

export interface OnnxModelFile {
  initializers: Map<string, OnnxTensor>;
  metadata: Record<string, string>;
}

const [FLOAT, INT64, FLOAT16] = [1, 7, 10];

function bytesOf(fields: Field[], field: number): Uint8Array | undefined {
  const f = fields.find((x) => x.field === field && x.wire === 2);
  return f && f.wire === 2 ? f.bytes : undefined;
}

function readTensor(buf: Uint8Array, what: string): OnnxTensor {
  const f = readFields(buf, what);
  const name = text(bytesOf(f, 8) ?? new Uint8Array());
  const dims = repeatedInts(f, 1, what).map(Number);
  const type = Number(repeatedInts(f, 2, what)[0] ?? 0);
  const count = dims.reduce((a, b) => a * b, 1);
  const raw = bytesOf(f, 9);
  const bad = (why: string) => new BadFileError(`${what}: initializer "${name}" ${why}`);
  const aligned = (b: Uint8Array) => new Uint8Array(b).buffer; // copy: raw bytes may sit at any offset
  let data: Float32Array | BigInt64Array;
  if (type === FLOAT) {
    if (raw) data = new Float32Array(aligned(raw));
    else
      data = Float32Array.from(
        f
          .filter((x) => x.field === 4)
          .flatMap((x) => (x.wire === 2 || x.wire === 5 ? [...new Float32Array(aligned(x.bytes))] : [])),
      );
  } else if (type === INT64) {
    data = raw
      ? new BigInt64Array(aligned(raw))
      : BigInt64Array.from(repeatedInts(f, 7, what).map((v) => BigInt.asIntN(64, v)));
  } else if (type === FLOAT16) {
    if (!raw) throw bad('is float16 without raw data, which ganimate never writes');
    data = Float32Array.from(new Uint16Array(aligned(raw)), halfToFloat);
  } else {
    throw bad(`has data type ${type}; only float32, float16 and int64 initializers are read`);
  }
  if (data.length !== count) throw bad(`holds ${data.length} values for dims [${dims}] (${count})`);
  return { name, dims, data };
}

export function parseOnnxModel(buf: Uint8Array, what = 'ONNX model'): OnnxModelFile {
  const model = readFields(buf, what);
  const graph = bytesOf(model, 7);
  if (!graph) throw new BadFileError(`${what} holds no graph: is it an ONNX file?`);
  const initializers = new Map<string, OnnxTensor>();
  for (const g of readFields(graph, what)) {
    if (g.field !== 5 || g.wire !== 2) continue;
    const t = readTensor(g.bytes, what);
    initializers.set(t.name, t);
  }
  const metadata: Record<string, string> = {};
  for (const m of model) {
    if (m.field !== 14 || m.wire !== 2) continue;
    const e = readFields(m.bytes, what);
    metadata[text(bytesOf(e, 1) ?? new Uint8Array())] = text(bytesOf(e, 2) ?? new Uint8Array());
  }
  return { initializers, metadata };
}

export function readOnnxModel(path: string): OnnxModelFile {
  let buf: Uint8Array;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new BadFileError(`cannot read ${path}: ${(e as Error).message}`);
  }
  return parseOnnxModel(buf, path);
}
