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

/** The graph for sets of m and n rows and one kernel: outputs xx_a_b (panel pairs, a ≤ b), yy_a_b, xy, xd, yd. The
 * kernel's γ and c ride in the products (Gemm's α and its added C) and a whole degree is multiplied out, so the
 * Gram panels take two elementwise passes and a sum, not four passes with a pow. */
function sumsGraph(m: number, n: number, k: PolynomialKernel): OnnxGraph {
  const nodes: OnnxNode[] = [];
  const node = (op: string, inputs: string[], output: string, attrs: OnnxNode['attrs'] = {}) => {
    nodes.push({ op, inputs, outputs: [output], name: output, attrs });
    return output;
  };
  const whole = Number.isInteger(k.degree) && k.degree >= 1 && k.degree <= 4;
  /** t^degree: multiplied out for a whole degree up to 4, else Pow. */
  const power = (t: string, out: string) => {
    if (!whole) return node('Pow', [t, 'degree'], `${out}_k`);
    let p = t;
    for (let i = 2; i <= k.degree; i++) p = node('Mul', [p, t], `${out}_p${i}`);
    return p;
  };
  const total = (t: string, out: string) => node('ReduceSum', [t], out, { keepdims: { kind: 'int', v: 0 } });
  /** Σ (γ·v + c)^degree over all of v. */
  const kernelSum = (v: string, out: string) =>
    total(power(node('Add', [node('Mul', [v, 'gamma'], `${out}_g`), 'coef0'], `${out}_t`), out), out);
  // Gemm's α is a float32 attribute: γ rides there only when float32 holds it exactly (1/2048 for Inception features)
  const gammaInGemm = Math.fround(k.gamma) === k.gamma;
  /** Σ (γ·a·bᵀ + c)^degree, c (and γ when exact) inside the product. */
  const productSum = (a: string, b: string, out: string) => {
    const [x, y] = gammaInGemm ? [a, b] : [node('Mul', [a, 'gamma'], `${out}_ga`), b];
    const t = node('Gemm', [x, y, 'coef0'], `${out}_t`, {
      transB: { kind: 'int', v: 1 },
      ...(gammaInGemm ? { alpha: { kind: 'float' as const, v: k.gamma } } : {}),
    });
    return total(power(t, out), out);
  };
  const outputs: string[] = [];
  const initializers: OnnxGraph['initializers'] = [
    { name: 'rows_axis', dims: [1], data: BigInt64Array.of(1n) },
    { name: 'gamma', dims: [], data: Float64Array.of(k.gamma) },
    { name: 'coef0', dims: [], data: Float64Array.of(k.coef0) },
    ...(whole ? [] : [{ name: 'degree', dims: [], data: Float64Array.of(k.degree) }]),
  ];
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
        outputs.push(productSum(panels[a]!, panels[b]!, name));
      }
    const squares = node('ReduceSum', [node('Mul', [set, set], `${set}_sq`), 'rows_axis'], `${set}_norms`, {
      keepdims: { kind: 'int', v: 0 },
    });
    outputs.push(kernelSum(squares, `${set}d`));
  }
  outputs.push(productSum('x', 'y', 'xy'));
  const scalar = (name: string) => ({ name, dims: [], type: 'double' as const });
  return {
    name: `kernel_sums_${m}_${n}_${k.gamma}_${k.coef0}_${k.degree}`,
    nodes,
    initializers,
    inputs: [
      { name: 'x', dims: [m, 'd'], type: 'double' },
      { name: 'y', dims: [n, 'd'], type: 'double' },
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
  const session = await sessionOf(sumsGraph(m, n, k));
  const out = await session.run({
    x: new ort.Tensor('float64', x.subarray(0, m * d), [m, d]),
    y: new ort.Tensor('float64', y.subarray(0, n * d), [n, d]),
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
