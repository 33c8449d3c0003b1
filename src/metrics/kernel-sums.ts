// The sums KID's MMD² is made of, Σ k(a, b) = Σ (γ·a·b + c)^degree over the pairs of two feature sets, as one ONNX
// Runtime graph: the products, the kernel and the sums all run in native code and five numbers come back, where a
// product per call returned an 8 MB Gram matrix for a JavaScript pass over it. A set with itself is symmetric, so only
// its row panels on and above the diagonal are multiplied (10 of 16 products).
import ort from 'onnxruntime-node';
import type { OnnxGraph, OnnxNode } from '../runtime/onnx-graph.js';
import { sessionOf } from './gemm.js';

/** Row panels of a set's product with itself. */
const SELF_PANELS = 4;

export interface KernelSums {
  /** Σ over all ordered pairs of x with itself, i = j included. */
  xx: number;
  yy: number;
  /** Σ over x × y. */
  xy: number;
  /** Σ k(x_i, x_i), the diagonal of xx. */
  xDiagonal: number;
  yDiagonal: number;
}

export interface PolynomialKernel {
  gamma: number;
  coef0: number;
  degree: number;
}

/** Rows of each panel of a set of `rows` (at most SELF_PANELS, none empty). */
function panelRows(rows: number): number[] {
  const cuts = Array.from({ length: SELF_PANELS + 1 }, (_, i) => Math.round((i * rows) / SELF_PANELS));
  return cuts
    .slice(1)
    .map((c, i) => c - cuts[i]!)
    .filter((r) => r > 0);
}

/** The graph for sets of m and n rows: outputs xx_a_b (panel pairs, a ≤ b), yy_a_b, xy, xd, yd. */
function sumsGraph(m: number, n: number): OnnxGraph {
  const nodes: OnnxNode[] = [];
  const node = (op: string, inputs: string[], output: string, attrs: OnnxNode['attrs'] = {}) => {
    nodes.push({ op, inputs, outputs: [output], name: output, attrs });
    return output;
  };
  /** Σ (γ·v + c)^degree over all of v. */
  const kernelSum = (v: string, out: string) => {
    const t = node('Add', [node('Mul', [v, 'gamma'], `${out}_g`), 'coef0'], `${out}_t`);
    return node('ReduceSum', [node('Pow', [t, 'degree'], `${out}_k`)], out, { keepdims: { kind: 'int', v: 0 } });
  };
  const dots = (a: string, b: string, out: string) => node('Gemm', [a, b], out, { transB: { kind: 'int', v: 1 } });
  const outputs: string[] = [];
  const initializers: OnnxGraph['initializers'] = [{ name: 'rows_axis', dims: [1], data: BigInt64Array.of(1n) }];
  for (const [set, rows] of [
    ['x', m],
    ['y', n],
  ] as const) {
    const sizes = panelRows(rows);
    initializers.push({ name: `${set}_split`, dims: [sizes.length], data: BigInt64Array.from(sizes, BigInt) });
    const panels = sizes.map((_, i) => `${set}${i}`);
    nodes.push({
      op: 'Split',
      inputs: [set, `${set}_split`],
      outputs: panels,
      name: `${set}_panels`,
      attrs: { axis: { kind: 'int', v: 0 } },
    });
    for (let a = 0; a < panels.length; a++)
      for (let b = a; b < panels.length; b++) {
        const name = `${set}${set}_${a}_${b}`;
        outputs.push(kernelSum(dots(panels[a]!, panels[b]!, `${name}_dots`), name));
      }
    const squares = node('ReduceSum', [node('Mul', [set, set], `${set}_sq`), 'rows_axis'], `${set}_norms`, {
      keepdims: { kind: 'int', v: 0 },
    });
    outputs.push(kernelSum(squares, `${set}d`));
  }
  outputs.push(kernelSum(dots('x', 'y', 'xy_dots'), 'xy'));
  const scalar = (name: string) => ({ name, dims: [], type: 'double' as const });
  return {
    name: `kernel_sums_${m}_${n}`,
    nodes,
    initializers,
    inputs: [
      { name: 'x', dims: [m, 'd'], type: 'double' },
      { name: 'y', dims: [n, 'd'], type: 'double' },
      scalar('gamma'),
      scalar('coef0'),
      scalar('degree'),
    ],
    outputs: outputs.map(scalar),
    metadata: {},
  };
}

/** The kernel sums of x (m × d) and y (n × d), both packed row-major float64, in float64. */
export async function kernelSums(
  x: Float64Array,
  m: number,
  y: Float64Array,
  n: number,
  d: number,
  k: PolynomialKernel,
): Promise<KernelSums> {
  const session = await sessionOf(sumsGraph(m, n));
  const scalar = (v: number) => new ort.Tensor('float64', Float64Array.of(v), []);
  const out = await session.run({
    x: new ort.Tensor('float64', x.subarray(0, m * d), [m, d]),
    y: new ort.Tensor('float64', y.subarray(0, n * d), [n, d]),
    gamma: scalar(k.gamma),
    coef0: scalar(k.coef0),
    degree: scalar(k.degree),
  });
  const value = (name: string) => (out[name]!.data as Float64Array)[0]!;
  /** Σ over a set with itself: diagonal panel pairs once, the others for both orders. */
  const self = (set: 'x' | 'y') =>
    Object.keys(out)
      .filter((name) => name.startsWith(`${set}${set}_`))
      .reduce((s, name) => {
        const [, a, b] = name.split('_');
        return s + (a === b ? 1 : 2) * value(name);
      }, 0);
  return { xx: self('x'), yy: self('y'), xy: value('xy'), xDiagonal: value('xd'), yDiagonal: value('yd') };
}
