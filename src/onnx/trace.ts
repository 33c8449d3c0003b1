// Traces TypeScript module code into an ONNX graph: the real forward runs once on sample inputs
// while every op reports itself; each becomes an ONNX node. Parameters become initializers under
// their state-dict names. A tensor made by an op export does not know is an error, never a constant.
import { GanimateError } from '../errors.js';
import { noGrad, scope, type Tensor } from '../torch/index.js';
import { type AttrValue, type OpRecord, setObserver } from '../torch/observe.js';
import type { Attr, Initializer, OnnxGraph, OnnxNode, ValueInfo } from '../runtime/onnx-graph.js';
import { fuseSiblingConvs } from './fuse.js';
import { pruneGraph } from './prune.js';
import { convTransposeToSubpixel } from './subpixel.js';
import { splitConstantChannelConv } from './constant-channels.js';

export class ExportError extends GanimateError {}

export interface TraceSpec {
  name: string;
  /** Graph inputs with sample values; dimension 0 becomes the symbolic 'batch' when dynamicBatch. */
  inputs: [string, Tensor][];
  /** Named initializers, e.g. module.namedParameters(). */
  params: [string, Tensor][];
  /** Runs the forward on the sample inputs and names its outputs. */
  run: () => Record<string, Tensor>;
  dynamicBatch?: boolean;
  metadata?: Record<string, string>;
}

const UNARY: Record<string, string> = {
  neg: 'Neg',
  relu: 'Relu',
  tanh: 'Tanh',
  sigmoid: 'Sigmoid',
  abs: 'Abs',
  sqrt: 'Sqrt',
  exp: 'Exp',
  log: 'Log',
};
const BINARY: Record<string, string> = { add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div', pow: 'Pow' };

const ints = (v: readonly number[]): Attr => ({ kind: 'ints', v: [...v] });
const int = (v: number): Attr => ({ kind: 'int', v });
const num = (a: AttrValue | undefined): number => a as number;
const pair = (a: AttrValue | undefined): [number, number] => a as [number, number];

class Tracer {
  readonly names = new Map<Tensor, string>();
  readonly unreported = new Set<Tensor>();
  readonly nodes: OnnxNode[] = [];
  readonly initializers: Initializer[] = [];
  private counter = 0;

  constructor(readonly dynamicBatch: boolean) {}

  fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  constant(data: Float32Array | BigInt64Array, dims: number[], prefix = 'const'): string {
    const name = this.fresh(prefix);
    this.initializers.push({ name, dims, data });
    return name;
  }

  int64(values: readonly number[], prefix: string, scalar = false): string {
    return this.constant(BigInt64Array.from(values.map((v) => BigInt(v))), scalar ? [] : [values.length], prefix);
  }

  nameOf(x: Tensor | number | null): string {
    if (x === null) return '';
    if (typeof x === 'number') return this.constant(Float32Array.of(x), [], 'scalar');
    const known = this.names.get(x);
    if (known) return known;
    if (this.unreported.has(x)) {
      throw new ExportError(
        `cannot export: a ${x.shape.join('x')} tensor in the forward was made by an op that ONNX export does not support (see src/onnx/trace.ts)`,
      );
    }
    const name = this.constant(x.data(), x.shape, 'const');
    this.names.set(x, name);
    return name;
  }

  node(op: string, inputs: string[], output: Tensor, attrs: Record<string, Attr> = {}): void {
    const out = this.fresh(op.toLowerCase());
    while (inputs.length && inputs[inputs.length - 1] === '') inputs.pop();
    this.nodes.push({ op, inputs, outputs: [out], name: out, attrs });
    this.names.set(output, out);
  }

  /** A target shape in which dimension 0 follows the input's (Reshape's 0 = copy) when batch is dynamic. */
  private shapeWithBatch(target: readonly number[], input: Tensor): number[] {
    const s = [...target];
    if (this.dynamicBatch && s.length && input.rank && s[0] === input.shape[0]) s[0] = 0;
    return s;
  }

  record(r: OpRecord<Tensor>): void {
    const [x] = r.inputs as [Tensor];
    const a = r.attrs;
    if (r.op in UNARY) return this.node(UNARY[r.op]!, [this.nameOf(x)], r.output);
    if (r.op in BINARY)
      return this.node(
        BINARY[r.op]!,
        r.inputs.map((i) => this.nameOf(i)),
        r.output,
      );
    switch (r.op) {
      case 'leakyRelu':
        return this.node('LeakyRelu', [this.nameOf(x)], r.output, { alpha: { kind: 'float', v: num(a.slope) } });
      case 'clamp':
        return this.node(
          'Clip',
          [
            this.nameOf(x),
            a.min === null ? '' : this.nameOf(num(a.min)),
            a.max === null ? '' : this.nameOf(num(a.max)),
          ],
          r.output,
        );
      case 'reshape':
        return this.node(
          'Reshape',
          [this.nameOf(x), this.int64(this.shapeWithBatch(a.shape as number[], x), 'shape')],
          r.output,
        );
      case 'flatten':
        return this.node(
          'Reshape',
          [this.nameOf(x), this.int64(this.shapeWithBatch(r.output.shape, x), 'shape')],
          r.output,
        );
      case 'expand': {
        // Expand broadcasts both ways, so 1 wherever the input already has the size keeps batch free
        const target = a.shape as number[];
        const off = target.length - x.rank;
        const dims = target.map((d, i) => (i >= off && (x.shape[i - off] === d || d === -1) ? 1 : d));
        return this.node('Expand', [this.nameOf(x), this.int64(dims, 'shape')], r.output);
      }
      case 'unsqueeze':
        return this.node('Unsqueeze', [this.nameOf(x), this.int64([num(a.dim)], 'axes')], r.output);
      case 'cat': {
        const rank = r.output.rank;
        return this.node(
          'Concat',
          r.inputs.map((i) => this.nameOf(i)),
          r.output,
          { axis: int((num(a.dim) + rank) % rank) },
        );
      }
      case 'select':
        return this.node('Gather', [this.nameOf(x), this.int64([num(a.index)], 'index', true)], r.output, {
          axis: int(num(a.dim)),
        });
      case 'pad': {
        const [l, rr, t, b] = a.pads as number[];
        const pads = x.rank === 4 ? [0, 0, t!, l!, 0, 0, b!, rr!] : [t!, l!, b!, rr!];
        const mode = a.mode === 'replicate' ? 'edge' : (a.mode as string);
        return this.node('Pad', [this.nameOf(x), this.int64(pads, 'pads'), this.nameOf(num(a.value))], r.output, {
          mode: { kind: 'string', v: mode },
        });
      }
      case 'conv2d':
      case 'convTranspose2d': {
        const [, w, bias] = r.inputs as [Tensor, Tensor, Tensor | null];
        const [ph, pw] = pair(a.padding);
        const attrs: Record<string, Attr> = {
          kernel_shape: ints(w.shape.slice(2)),
          strides: ints(pair(a.stride)),
          pads: ints([ph, pw, ph, pw]),
          dilations: ints(pair(a.dilation)),
          group: int(num(a.groups)),
        };
        if (r.op === 'convTranspose2d') attrs.output_padding = ints(pair(a.outputPadding));
        return this.node(
          r.op === 'conv2d' ? 'Conv' : 'ConvTranspose',
          [this.nameOf(x), this.nameOf(w), this.nameOf(bias)],
          r.output,
          attrs,
        );
      }
      case 'instanceNorm': {
        const [, w, b] = r.inputs as [Tensor, Tensor | null, Tensor | null];
        const c = x.shape[1]!;
        const scale = w ? this.nameOf(w) : this.constant(new Float32Array(c).fill(1), [c]);
        const shift = b ? this.nameOf(b) : this.constant(new Float32Array(c), [c]);
        return this.node('InstanceNormalization', [this.nameOf(x), scale, shift], r.output, {
          epsilon: { kind: 'float', v: num(a.eps) },
        });
      }
      case 'constant': {
        const name = this.constant(r.output.data(), r.output.shape, 'const');
        this.names.set(r.output, name);
        return;
      }
      case 'sum':
      case 'mean': {
        // ONNX 17: ReduceSum takes its axes as an input, ReduceMean as an attribute; none = every axis
        const dims = a.dims === null ? null : (a.dims as number[]).map((d) => (d + x.rank) % x.rank);
        const keepdims = int(a.keepdim ? 1 : 0);
        if (r.op === 'sum')
          return this.node(
            'ReduceSum',
            dims ? [this.nameOf(x), this.int64(dims, 'axes')] : [this.nameOf(x)],
            r.output,
            { keepdims },
          );
        return this.node(
          'ReduceMean',
          [this.nameOf(x)],
          r.output,
          dims ? { axes: ints(dims), keepdims } : { keepdims },
        );
      }
      case 'amin': {
        // ONNX 17: ReduceMin takes its axes as an attribute
        const dims = (a.dims as number[]).map((d) => (d + x.rank) % x.rank);
        return this.node('ReduceMin', [this.nameOf(x)], r.output, {
          axes: ints(dims),
          keepdims: int(a.keepdim ? 1 : 0),
        });
      }
      case 'detach':
        return this.node('Identity', [this.nameOf(x)], r.output);
      case 'permute':
        return this.node('Transpose', [this.nameOf(x)], r.output, { perm: ints(a.dims as number[]) });
      case 'interpolate': {
        // scales keep the batch free; out = floor(in · scale) is exact for the integer ratios used here
        const [oh, ow] = pair(a.size);
        const scales = Float32Array.of(1, 1, oh / x.shape[2]!, ow / x.shape[3]!);
        const mode = a.mode === 'nearest' ? 'nearest' : a.mode === 'bicubic' ? 'cubic' : 'linear';
        const attrs: Record<string, Attr> = {
          mode: { kind: 'string', v: mode },
          coordinate_transformation_mode: {
            kind: 'string',
            v: a.alignCorners ? 'align_corners' : mode === 'nearest' ? 'asymmetric' : 'pytorch_half_pixel',
          },
        };
        if (mode === 'nearest') attrs.nearest_mode = { kind: 'string', v: 'floor' };
        if (mode === 'cubic') attrs.cubic_coeff_a = { kind: 'float', v: -0.75 };
        return this.node('Resize', [this.nameOf(x), '', this.constant(scales, [4], 'scales')], r.output, attrs);
      }
      case 'gridSample':
        return this.node(
          'GridSample',
          r.inputs.map((i) => this.nameOf(i)),
          r.output,
          {
            mode: { kind: 'string', v: a.mode as string },
            padding_mode: { kind: 'string', v: a.padding as string },
            align_corners: int(a.alignCorners ? 1 : 0),
          },
        );
      default:
        throw new ExportError(`cannot export op "${r.op}" to ONNX yet`);
    }
  }
}

export function trace(spec: TraceSpec): OnnxGraph {
  const dynamicBatch = spec.dynamicBatch ?? true;
  const tracer = new Tracer(dynamicBatch);
  const dims = (t: Tensor): (number | string)[] => t.shape.map((d, i) => (i === 0 && dynamicBatch ? 'batch' : d));
  const inputs: ValueInfo[] = spec.inputs.map(([name, t]) => {
    tracer.names.set(t, name);
    return { name, dims: dims(t) };
  });
  for (const [name, p] of spec.params) {
    tracer.names.set(p, name);
    tracer.initializers.push({ name, dims: p.shape, data: p.data() });
  }
  const outputs: ValueInfo[] = [];
  scope(() =>
    noGrad(() => {
      setObserver<Tensor>({ record: (r) => tracer.record(r), unreported: (t) => tracer.unreported.add(t) });
      let result: Record<string, Tensor>;
      try {
        result = spec.run();
      } finally {
        setObserver(null);
      }
      for (const [name, t] of Object.entries(result)) {
        tracer.nodes.push({
          op: 'Identity',
          inputs: [tracer.nameOf(t)],
          outputs: [name],
          name: `output_${name}`,
          attrs: {},
        });
        outputs.push({ name, dims: dims(t) });
      }
    }),
  );
  return splitConstantChannelConv(
    convTransposeToSubpixel(
      fuseSiblingConvs(
        pruneGraph({
          name: spec.name,
          nodes: tracer.nodes,
          initializers: tracer.initializers,
          inputs,
          outputs,
          metadata: spec.metadata ?? {},
        }),
      ),
    ),
  );
}
