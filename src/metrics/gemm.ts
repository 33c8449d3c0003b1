// Float64 matrix products at BLAS speed for the metrics, on ONNX Runtime's CPU Gemm (its double kernel is a blocked
// float64 GEMM on the session's threads, against ~1 GFLOP/s for a JavaScript loop; the fid bench's gram_gflops gives
// its rate on this machine beside OpenBLAS's). Needs only onnxruntime-node, which `npm ci` installs for inference
// anyway: no native build, no libtorch.
import ort from 'onnxruntime-node';
import { serializeModel, type OnnxGraph } from '../runtime/onnx-graph.js';

/** Which operands enter transposed: 'tn' = Aᵀ·B, 'nt' = A·Bᵀ, 'nn' = A·B. */
export type Transposes = 'nn' | 'tn' | 'nt';

/** One ONNX Runtime session per graph, made on first use (the metrics' other float64 graphs share it). */
const sessions = new Map<string, Promise<ort.InferenceSession>>();

export function sessionOf(graph: OnnxGraph): Promise<ort.InferenceSession> {
  let s = sessions.get(graph.name);
  if (!s) {
    s = ort.InferenceSession.create(serializeModel(graph), {
      graphOptimizationLevel: 'all',
      // threads that spin after a run take the cores from the next session's: the metrics alternate several
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
    sessions.set(graph.name, s);
  }
  return s;
}

function productGraph(t: Transposes): OnnxGraph {
  // one Gemm with its transpose flags: the kernel reads an operand transposed as it packs it, where a Transpose node
  // before MatMul copied it first (1000 × 2048 Gram: 127 GFLOP/s against 107 on this machine)
  const flag = (on: boolean) => ({ kind: 'int' as const, v: on ? 1 : 0 });
  return {
    name: `gemm_${t}`,
    nodes: [
      {
        op: 'Gemm',
        inputs: ['a', 'b'],
        outputs: ['c'],
        name: 'product',
        attrs: { transA: flag(t === 'tn'), transB: flag(t === 'nt') },
      },
    ],
    initializers: [],
    inputs: [
      { name: 'a', dims: ['a0', 'a1'], type: 'double' },
      { name: 'b', dims: ['b0', 'b1'], type: 'double' },
    ],
    outputs: [{ name: 'c', dims: ['c0', 'c1'], type: 'double' }],
    metadata: {},
  };
}

/**
 * op(A)·op(B) in float64, row-major. `a` holds aRows × aCols, `b` bRows × bCols as stored (before any
 * transpose); the result is rows × cols of the product, row-major.
 */
export async function gemm(
  t: Transposes,
  a: Float64Array,
  aShape: readonly [number, number],
  b: Float64Array,
  bShape: readonly [number, number],
): Promise<Float64Array> {
  if (a.length !== aShape[0] * aShape[1] || b.length !== bShape[0] * bShape[1])
    throw new RangeError(`gemm: operands of ${a.length} and ${b.length} values do not fill ${aShape} and ${bShape}`);
  const inner = [t === 'tn' ? aShape[0] : aShape[1], t === 'nt' ? bShape[1] : bShape[0]];
  if (inner[0] !== inner[1]) throw new RangeError(`gemm ${t}: inner dimensions ${inner[0]} and ${inner[1]} differ`);
  const s = await sessionOf(productGraph(t));
  const out = await s.run({
    a: new ort.Tensor('float64', a, [...aShape]),
    b: new ort.Tensor('float64', b, [...bShape]),
  });
  return out.c!.data as Float64Array;
}

/** C + α·A·Bᵀ in float64, row-major (A: rows × k, B: cols × k, C: rows × cols), as one Gemm: no pass of JavaScript
 * over C. Returns a new array. */
export async function gemmAccumulate(
  c: Float64Array,
  a: Float64Array,
  b: Float64Array,
  shape: { rows: number; cols: number; inner: number },
  alpha: 1 | -1,
): Promise<Float64Array> {
  const { rows, cols, inner } = shape;
  if (c.length !== rows * cols || a.length !== rows * inner || b.length !== cols * inner)
    throw new RangeError(
      `gemmAccumulate: operands of ${c.length}, ${a.length}, ${b.length} values for ${rows} × ${cols} by ${inner}`,
    );
  const session = sessionOf({
    name: `gemm_accumulate_${alpha}`,
    nodes: [
      {
        op: 'Gemm',
        inputs: ['a', 'b', 'c'],
        outputs: ['y'],
        name: 'accumulate',
        attrs: { transB: { kind: 'int', v: 1 }, alpha: { kind: 'float', v: alpha }, beta: { kind: 'float', v: 1 } },
      },
    ],
    initializers: [],
    inputs: [
      { name: 'a', dims: ['m', 'k'], type: 'double' },
      { name: 'b', dims: ['n', 'k'], type: 'double' },
      { name: 'c', dims: ['m', 'n'], type: 'double' },
    ],
    outputs: [{ name: 'y', dims: ['m', 'n'], type: 'double' }],
    metadata: {},
  });
  const out = await (
    await session
  ).run({
    a: new ort.Tensor('float64', a, [rows, inner]),
    b: new ort.Tensor('float64', b, [cols, inner]),
    c: new ort.Tensor('float64', c, [rows, cols]),
  });
  return out.y!.data as Float64Array;
}
