// The numpy classes a pickled dict of AU vectors needs (GANimation's aus_openface.pkl).
import type { Callable } from '../nn/pytorch/pickle.js';

class NpDtype {
  littleEndian = true;
  constructor(readonly code: string) {}
  setState(state: unknown): void {
    const order = (state as unknown[])[1];
    this.littleEndian = order !== '>';
  }
}

export class NpArray {
  shape: number[] = [];
  values: Float64Array = new Float64Array();
  setState(state: unknown): void {
    const [, shape, dtype, , raw] = state as [number, number[], NpDtype, boolean, Buffer | string];
    const bytes = typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw;
    this.shape = shape;
    const n = shape.reduce((a, b) => a * b, 1);
    const read: Record<string, (i: number) => number> = {
      f8: (i) => (dtype.littleEndian ? bytes.readDoubleLE(i * 8) : bytes.readDoubleBE(i * 8)),
      f4: (i) => (dtype.littleEndian ? bytes.readFloatLE(i * 4) : bytes.readFloatBE(i * 4)),
    };
    const r = read[dtype.code];
    if (!r) throw new Error(`numpy arrays of dtype ${dtype.code} are not supported (float32/float64 only)`);
    this.values = Float64Array.from({ length: n }, (_, i) => r(i));
  }
}

export function numpyClasses(module: string, name: string): Callable | undefined {
  if (/^numpy\.(_?core\.)?multiarray$/.test(module) && name === '_reconstruct') return () => new NpArray();
  if (module === 'numpy' && name === 'dtype') return (code) => new NpDtype(String(code));
  if (module === 'numpy' && name === 'ndarray') return () => 'ndarray';
  if (module === 'collections' && name === 'OrderedDict') return () => new Map();
  // Python 3 pickles numpy's raw bytes as _codecs.encode(text, 'latin1')
  if (module === '_codecs' && name === 'encode')
    return (text, encoding) =>
      Buffer.from(String(text), encoding === 'latin1' || encoding === 'latin-1' ? 'latin1' : 'utf8');
  return undefined;
}
