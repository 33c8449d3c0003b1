// The state dict of a module whose ONNX graph ganimate exported, read back from the graph's
// initializers: parameters kept under their state-dict names are taken as they are; the ones the
// exporter rewrote for speed are rebuilt exactly (a split first convolution is concatenated again, four
// phase convolutions become the transposed convolution, a fused pair of heads is split). Each rebuilt
// tensor goes to the one missing parameter of its shape; anything ambiguous is an error.
import { WeightsMismatchError } from '../errors.js';
import type { HostTensor } from '../nn/safetensors.js';
import type { OnnxTensor } from './read-model.js';
import { TAPS } from './subpixel.js';

const floats = (t: OnnxTensor | undefined) =>
  t && t.data instanceof Float32Array ? (t as OnnxTensor & { data: Float32Array }) : undefined;

/** Concatenation along dimension 1 (input channels) of two [cout, c, k, k] weights. */
function catInputs(a: OnnxTensor & { data: Float32Array }, b: OnnxTensor & { data: Float32Array }): HostTensor {
  const [cout, ca, ...k] = a.dims as [number, number, ...number[]];
  const cb = b.dims[1]!;
  const kk = k.reduce((x, y) => x * y, 1);
  const out = new Float32Array(cout * (ca + cb) * kk);
  for (let o = 0; o < cout; o++) {
    out.set(a.data.subarray(o * ca * kk, (o + 1) * ca * kk), o * (ca + cb) * kk);
    out.set(b.data.subarray(o * cb * kk, (o + 1) * cb * kk), (o * (ca + cb) + ca) * kk);
  }
  return { shape: [cout, ca + cb, ...k], data: out };
}

/** The [cin, cout, 4, 4] transposed-convolution weight whose four [cout, cin, 2, 2] phases these are. */
function fromPhases(phases: (OnnxTensor & { data: Float32Array })[][]): HostTensor {
  const [cout, cin] = phases[0]![0]!.dims as [number, number];
  const W = new Float32Array(cin * cout * 16);
  for (const ry of [0, 1]) {
    for (const rx of [0, 1]) {
      const k = phases[ry]![rx]!.data;
      for (let co = 0; co < cout; co++) {
        for (let ci = 0; ci < cin; ci++) {
          for (let ty = 0; ty < 2; ty++) {
            for (let tx = 0; tx < 2; tx++)
              W[((ci * cout + co) * 4 + TAPS[ry]![ty]!) * 4 + TAPS[rx]![tx]!] = k[((co * cin + ci) * 2 + ty) * 2 + tx]!;
          }
        }
      }
    }
  }
  return { shape: [cin, cout, 4, 4], data: W };
}

/** Rows [from, to) of dimension 0. */
function rows(t: OnnxTensor & { data: Float32Array }, from: number, to: number): HostTensor {
  const per = t.data.length / t.dims[0]!;
  return { shape: [to - from, ...t.dims.slice(1)], data: t.data.slice(from * per, to * per) };
}

/** Tensors the exporter's rewrites hide, rebuilt from their pieces. */
function rebuilt(inits: Map<string, OnnxTensor>): HostTensor[] {
  const out: HostTensor[] = [];
  for (const [name, t] of inits) {
    let m: RegExpExecArray | null;
    if ((m = /^(.*)_wx$/.exec(name))) {
      const [x, c] = [floats(t), floats(inits.get(`${m[1]}_wc`))];
      if (x && c) out.push(catInputs(x, c));
    } else if ((m = /^(.*)_phase00_weight$/.exec(name))) {
      const ph = [0, 1].map((ry) => [0, 1].map((rx) => floats(inits.get(`${m![1]}_phase${ry}${rx}_weight`))));
      if (ph.flat().every(Boolean)) out.push(fromPhases(ph as (OnnxTensor & { data: Float32Array })[][]));
    } else if ((m = /^(.*)_fused_weight$/.exec(name))) {
      const [w, b, split] = [floats(t), floats(inits.get(`${m[1]}_fused_bias`)), inits.get(`${m[1]}_fused_split`)];
      if (!w || !(split?.data instanceof BigInt64Array)) continue;
      let at = 0;
      for (const n of Array.from(split.data, Number)) {
        out.push(rows(w, at, at + n));
        if (b) out.push(rows(b, at, at + n));
        at += n;
      }
    }
  }
  return out;
}

/** `expected`: the module's state-dict names and shapes (Module.namedState()). */
export function recoverStateDict(
  inits: Map<string, OnnxTensor>,
  expected: [string, number[]][],
  source: string,
): Map<string, HostTensor> {
  const state = new Map<string, HostTensor>();
  const same = (a: number[], b: number[]) => a.join('x') === b.join('x');
  const missing: [string, number[]][] = [];
  for (const [name, shape] of expected) {
    const t = floats(inits.get(name));
    if (t && same(t.dims, shape)) state.set(name, { shape: [...t.dims], data: t.data });
    else missing.push([name, shape]);
  }
  const pool = rebuilt(inits);
  for (const [name, shape] of missing) {
    const fits = pool.filter((t) => same(t.shape, shape));
    const rivals = missing.filter(([, s]) => same(s, shape)).length;
    if (fits.length !== 1 || rivals !== 1) {
      throw new WeightsMismatchError(
        `${source}: cannot find ${name} [${shape}] in the ONNX graph (${fits.length} candidates of that shape for ${rivals} parameter(s)). ` +
          'Only graphs that ganimate exported can be read back, and the configuration (widths, blocks) must match the one the model was trained with.',
      );
    }
    state.set(name, fits[0]!);
  }
  return state;
}
