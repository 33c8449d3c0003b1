// The sums KID's MMD² is made of, Σ k(a, b) = Σ (γ·a·b + c)^degree over the pairs of two feature sets, as one ONNX
// Runtime graph: the products, the kernel and the sums all run in native code and a few vectors come back, where a
// product per call returned an 8 MB Gram matrix for a JavaScript pass over it. A set with itself is symmetric, so it is
// cut into row strips and each strip is multiplied only by the rows from its own on (the upper triangle in strips: 9/16
// of the full product at 8 strips); x × y goes by x's strips too. Each strip and each tail is a view of the caller's
// packed rows, not a copy.
import ort from 'onnxruntime-node';
import type { OnnxGraph, OnnxNode } from '../runtime/onnx-graph.js';
import { sessionOf } from './gemm.js';

/** Row strips of a set's product with itself. At 1000 × 2048 (the three sums, best of six, one idle machine): 8 strips
 * 71 ms, 12 72, 4 73, 2 81, whole products 98; 4 × 4 panels each times each, split in the graph as before, 80. */
const SELF_STRIPS = 8;

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

/** Where each strip of a set of `rows` starts, and the end (none empty). */
function stripCuts(rows: number): number[] {
  const cuts = Array.from({ length: SELF_STRIPS + 1 }, (_, i) => Math.round((i * rows) / SELF_STRIPS));
  return cuts.filter((c, i) => i === 0 || c > cuts[i - 1]!);
}

/** The graph for sets of m and n rows and one kernel. Inputs: x, y and, per set and strip a, its rows (`x_rows_a`) and
 * its rows to the end (`x_from_a`). Outputs: per strip, the kernel summed down each column of strip × tailᵀ
 * (`x_strip_a`: the first columns are the diagonal block, the others stand for both orders), and the scalars xy, xd,
 * yd. γ and c ride in the products (Gemm's α and its added C) and a whole degree is multiplied out. */
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
  const noKeep = { keepdims: { kind: 'int' as const, v: 0 } };
  const total = (t: string, out: string) => node('ReduceSum', [t], out, noKeep);
  // Gemm's α is a float32 attribute: γ rides there only when float32 holds it exactly (1/2048 for Inception features)
  const gammaInGemm = Math.fround(k.gamma) === k.gamma;
  /** (γ·a·bᵀ + c)^degree, c (and γ when exact) inside the product. */
  const productKernel = (a: string, b: string, out: string) => {
    const [x, y] = gammaInGemm ? [a, b] : [node('Mul', [a, 'gamma'], `${out}_ga`), b];
    const t = node('Gemm', [x, y, 'coef0'], `${out}_t`, {
      transB: { kind: 'int', v: 1 },
      ...(gammaInGemm ? { alpha: { kind: 'float' as const, v: k.gamma } } : {}),
    });
    return power(t, out);
  };
  const outputs: OnnxGraph['outputs'] = [];
  const scalar = (name: string) => outputs.push({ name, dims: [], type: 'double' });
  const inputs: OnnxGraph['inputs'] = [
    { name: 'x', dims: [m, 'd'], type: 'double' },
    { name: 'y', dims: [n, 'd'], type: 'double' },
  ];
  for (const [set, rows] of [
    ['x', m],
    ['y', n],
  ] as const) {
    const cuts = stripCuts(rows);
    for (let a = 0; a + 1 < cuts.length; a++) {
      const [strip, tail] = [`${set}_rows_${a}`, `${set}_from_${a}`];
      inputs.push({ name: strip, dims: [cuts[a + 1]! - cuts[a]!, 'd'], type: 'double' });
      inputs.push({ name: tail, dims: [rows - cuts[a]!, 'd'], type: 'double' });
      const name = `${set}_strip_${a}`;
      node('ReduceSum', [productKernel(strip, tail, name), 'rows_axis'], name, noKeep);
      outputs.push({ name, dims: [rows - cuts[a]!], type: 'double' });
    }
    // the diagonal, from the rows' squared norms
    const norms = node('ReduceSumSquare', [set], `${set}_norms`, { axes: { kind: 'ints', v: [1] }, ...noKeep });
    const t = node('Add', [node('Mul', [norms, 'gamma'], `${set}d_g`), 'coef0'], `${set}d_t`);
    scalar(total(power(t, `${set}d`), `${set}d`));
  }
  // x × y in x's strips too: each strip's kernel block (1 MB at 125 × 1000) stays in cache for its two products and sum
  const xStrips = stripCuts(m)
    .slice(1)
    .map((_, a) => total(productKernel(`x_rows_${a}`, 'y', `xy_${a}`), `xy_${a}`));
  scalar(node('Sum', xStrips, 'xy'));
  return {
    name: `kernel_sums_${m}_${n}_${k.gamma}_${k.coef0}_${k.degree}`,
    nodes,
    initializers: [
      { name: 'rows_axis', dims: [1], data: BigInt64Array.of(0n) },
      { name: 'gamma', dims: [], data: Float64Array.of(k.gamma) },
      { name: 'coef0', dims: [], data: Float64Array.of(k.coef0) },
      ...(whole ? [] : [{ name: 'degree', dims: [], data: Float64Array.of(k.degree) }]),
    ],
    inputs,
    outputs,
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
  const sets = { x: { data: x, rows: m }, y: { data: y, rows: n } };
  const feeds: Record<string, ort.Tensor> = {};
  /** Rows [from, to) of a set as a tensor over the same memory. */
  const view = (set: 'x' | 'y', from: number, to: number) =>
    new ort.Tensor('float64', sets[set].data.subarray(from * d, to * d), [to - from, d]);
  for (const set of ['x', 'y'] as const) {
    const rows = sets[set].rows;
    feeds[set] = view(set, 0, rows);
    const cuts = stripCuts(rows);
    for (let a = 0; a + 1 < cuts.length; a++) {
      feeds[`${set}_rows_${a}`] = view(set, cuts[a]!, cuts[a + 1]!);
      feeds[`${set}_from_${a}`] = view(set, cuts[a]!, rows);
    }
  }
  const out = await session.run(feeds);
  const value = (name: string) => (out[name]!.data as Float64Array)[0]!;
  /** Σ over a set with itself: each strip's diagonal block once, the rest of its tail for both orders. */
  const self = (set: 'x' | 'y') => {
    const cuts = stripCuts(sets[set].rows);
    let sum = 0;
    for (let a = 0; a + 1 < cuts.length; a++) {
      const columns = out[`${set}_strip_${a}`]!.data as Float64Array;
      const diagonalBlock = cuts[a + 1]! - cuts[a]!;
      for (let j = 0; j < columns.length; j++) sum += (j < diagonalBlock ? 1 : 2) * columns[j]!;
    }
    return sum;
  };
  return { xx: self('x'), yy: self('y'), xy: value('xy'), xDiagonal: value('xd'), yDiagonal: value('yd') };
}
