// Reads PyTorch checkpoints (torch.save of a state dict) in TypeScript: the zip format (PyTorch
// ≥ 1.6) and the legacy format (the published GANimation code's era). Tensors come out as float32.
import { readFileSync } from 'node:fs';
import { BadFileError } from '../../errors.js';
import { bfloat16ToFloat, halfToFloat } from '../../io/half-float.js';
import type { HostTensor } from '../safetensors.js';
import { type Callable, Unpickler } from './pickle.js';
import { ZipReader } from './zip.js';

const DTYPES: Record<string, { size: number; read: (b: Buffer, i: number) => number }> = {
  FloatStorage: { size: 4, read: (b, i) => b.readFloatLE(i * 4) },
  DoubleStorage: { size: 8, read: (b, i) => b.readDoubleLE(i * 8) },
  HalfStorage: { size: 2, read: (b, i) => halfToFloat(b.readUInt16LE(i * 2)) },
  BFloat16Storage: { size: 2, read: (b, i) => bfloat16ToFloat(b.readUInt16LE(i * 2)) },
  LongStorage: { size: 8, read: (b, i) => Number(b.readBigInt64LE(i * 8)) },
  IntStorage: { size: 4, read: (b, i) => b.readInt32LE(i * 4) },
  ByteStorage: { size: 1, read: (b, i) => b[i]! },
  BoolStorage: { size: 1, read: (b, i) => b[i]! },
};

interface StorageType {
  storageType: string;
}
interface Storage {
  dtype: string;
  data?: Buffer;
  /** Element offset into `data` (legacy views). */
  offset: number;
}
class TensorRef {
  constructor(
    readonly storage: Storage,
    readonly offset: number,
    readonly size: number[],
    readonly stride: number[],
  ) {}

  materialise(name: string): HostTensor {
    const t = DTYPES[this.storage.dtype]!;
    if (!this.storage.data) throw new BadFileError(`${name}: a tensor's storage is missing from the file`);
    const n = this.size.reduce((a, b) => a * b, 1);
    const out = new Float32Array(n);
    const idx = new Array<number>(this.size.length).fill(0);
    for (let k = 0; k < n; k++) {
      let at = this.storage.offset + this.offset;
      for (let d = 0; d < idx.length; d++) at += idx[d]! * this.stride[d]!;
      out[k] = t.read(this.storage.data, at);
      for (let d = idx.length - 1; d >= 0; d--) {
        if (++idx[d]! < this.size[d]!) break;
        idx[d] = 0;
      }
    }
    return { shape: [...this.size], data: out };
  }
}

function classes(): (module: string, name: string) => Callable | undefined {
  const table: Record<string, Callable> = {
    'collections.OrderedDict': () => new Map(),
    'torch._utils._rebuild_tensor_v2': (storage, offset, size, stride) =>
      new TensorRef(storage as Storage, offset as number, size as number[], stride as number[]),
    'torch._utils._rebuild_tensor': (storage, offset, size, stride) =>
      new TensorRef(storage as Storage, offset as number, size as number[], stride as number[]),
    'torch._utils._rebuild_parameter': (data) => data,
    'torch._utils._rebuild_parameter_with_state': (data) => data,
    'torch.device': (d) => d,
  };
  for (const s of Object.keys(DTYPES)) table[`torch.${s}`] = () => ({ storageType: s });
  return (module, name) => {
    const f = table[`${module}.${name}`];
    if (f) return f;
    return undefined;
  };
}

function storageOf(type: unknown, name: string): string {
  // pickled storage types are the classes themselves (GLOBAL torch.FloatStorage), which findClass made callable
  const t = typeof type === 'function' ? (type as () => StorageType)().storageType : (type as StorageType)?.storageType;
  if (!t || !DTYPES[t]) throw new BadFileError(`${name}: tensors of storage type ${String(t)} are not supported`);
  return t;
}

function readZip(buf: Buffer, name: string): unknown {
  const zip = new ZipReader(buf, name);
  const pkl = [...zip.entries.keys()].find((k) => k.endsWith('/data.pkl') || k === 'data.pkl');
  if (!pkl) throw new BadFileError(`${name} is a ZIP but not a PyTorch checkpoint (no data.pkl)`);
  const prefix = pkl.slice(0, -'data.pkl'.length);
  const find = classes();
  return new Unpickler(
    zip.read(pkl),
    {
      findClass: find,
      persistentLoad: (pid) => {
        const [, type, key] = pid as [string, unknown, string];
        return { dtype: storageOf(type, name), data: zip.read(`${prefix}data/${key}`), offset: 0 } satisfies Storage;
      },
    },
    name,
  ).load();
}

function readLegacy(buf: Buffer, name: string): unknown {
  const storages = new Map<string, Storage>();
  const views: [Storage, string, number][] = [];
  const hooks = {
    findClass: classes(),
    persistentLoad: (pid: unknown) => {
      const [, type, key, , , view] = pid as [string, unknown, string, string, number, [string, number, number] | null];
      const dtype = storageOf(type, name);
      if (!storages.has(key)) storages.set(key, { dtype, offset: 0 });
      if (!view) return storages.get(key);
      const v: Storage = { dtype, offset: view[1] };
      views.push([v, key, view[1]]);
      return v;
    },
  };
  const u = new Unpickler(buf, hooks, name);
  const magic = u.load();
  if (magic !== 0x1950a86a20f9469cfc6c && typeof magic !== 'number')
    throw new BadFileError(`${name} is not a PyTorch checkpoint (bad magic number)`);
  u.load(); // protocol version
  u.load(); // system info
  const result = u.load();
  const keys = u.load() as string[];
  let pos = u.pos;
  for (const key of keys) {
    const s = storages.get(key);
    if (!s) throw new BadFileError(`${name}: storage ${key} is listed but unused`);
    const n = Number(buf.readBigInt64LE(pos));
    pos += 8;
    const bytes = n * DTYPES[s.dtype]!.size;
    s.data = buf.subarray(pos, pos + bytes);
    pos += bytes;
  }
  for (const [v, key] of views) v.data = storages.get(key)!.data;
  return result;
}

/** The tensors of a checkpoint's state dict by name ('module.' prefixes of DataParallel removed). */
export function readTorchCheckpoint(path: string): { tensors: Map<string, HostTensor>; format: 'zip' | 'legacy' } {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new BadFileError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const zip = buf.readUInt32LE(0) === 0x04034b50;
  if (!zip && buf[0] !== 0x80)
    throw new BadFileError(`${path} is neither a PyTorch zip checkpoint nor a legacy pickle one`);
  let root = zip ? readZip(buf, path) : readLegacy(buf, path);
  // checkpoints often wrap the state dict: {'state_dict': …} or {'model': …}
  for (const wrapper of ['state_dict', 'model', 'net', 'generator', 'G']) {
    if (root instanceof Map && root.get(wrapper) instanceof Map) root = root.get(wrapper);
  }
  if (!(root instanceof Map)) throw new BadFileError(`${path} holds no state dict (a dict of tensors)`);
  const tensors = new Map<string, HostTensor>();
  for (const [k, v] of root) {
    if (v instanceof TensorRef) tensors.set(String(k).replace(/^module\./, ''), v.materialise(path));
  }
  if (!tensors.size) throw new BadFileError(`${path} holds no tensors`);
  return { tensors, format: zip ? 'zip' : 'legacy' };
}
