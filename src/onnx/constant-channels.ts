// A convolution over [X, spatially constant maps] (GANimation's first layer: the image and the 17 AUs
// expanded to 128×128) splits into the convolution of X and that of the constant maps. With zero
// padding p and a (2p+1)² kernel, the constant part has only 2p+1 distinct values along each axis
// (p border steps each side and the interior), so it is computed on a (2p+1)² map and spread to full
// size by two Gathers. Same numbers up to summation order; ONNX Runtime no longer pads 20 input
// channels to 32 over the whole image.
import type { Initializer, OnnxGraph, OnnxNode } from '../runtime/onnx-graph.js';
import { pruneGraph } from './prune.js';

const ints = (n: OnnxNode, k: string): number[] | undefined =>
  n.attrs[k]?.kind === 'ints' ? (n.attrs[k] as { v: number[] }).v : undefined;
const same = (a: number[] | undefined, v: number) => !!a && a.every((x) => x === v);

export function splitConstantChannelConv(g: OnnxGraph): OnnxGraph {
  const inits = new Map(g.initializers.map((t) => [t.name, t]));
  const producer = new Map(g.nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
  const uses = (name: string) =>
    g.nodes.filter((n) => n.inputs.includes(name)).length + (g.outputs.some((o) => o.name === name) ? 1 : 0);
  const added: Initializer[] = [];
  let changed = false;
  const nodes = g.nodes.flatMap((n): OnnxNode[] => {
    if (n.op !== 'Conv') return [n];
    const w = inits.get(n.inputs[1] ?? '');
    const cat = producer.get(n.inputs[0] ?? '');
    const expand =
      cat?.op === 'Concat' &&
      cat.inputs.length === 2 &&
      cat.attrs.axis?.kind === 'int' &&
      (cat.attrs.axis as { v: number }).v === 1
        ? producer.get(cat.inputs[1]!)
        : undefined;
    const reshape = expand?.op === 'Expand' ? producer.get(expand.inputs[0]!) : undefined;
    const toShape = expand ? inits.get(expand.inputs[1]!) : undefined;
    const fromShape = reshape?.op === 'Reshape' ? inits.get(reshape.inputs[1]!) : undefined;
    const pads = ints(n, 'pads');
    const k = ints(n, 'kernel_shape');
    if (
      !w ||
      !(w.data instanceof Float32Array) ||
      !cat ||
      !expand ||
      !(toShape?.data instanceof BigInt64Array) ||
      !(fromShape?.data instanceof BigInt64Array)
    )
      return [n];
    const [from, to] = [Array.from(fromShape.data, Number), Array.from(toShape.data, Number)];
    const p = pads?.[0] ?? 0;
    const ok =
      from.length === 4 &&
      from[2] === 1 &&
      from[3] === 1 &&
      to.length === 4 &&
      to[2]! > 2 * p + 1 &&
      to[3]! > 2 * p + 1 &&
      same(pads, p) &&
      same(k, 2 * p + 1) &&
      same(ints(n, 'strides'), 1) &&
      (!ints(n, 'dilations') || same(ints(n, 'dilations'), 1)) &&
      (!n.attrs.group || (n.attrs.group as { v: number }).v === 1) &&
      uses(n.inputs[0]!) === 1;
    if (!ok || p === 0) return [n];
    changed = true;
    const [cout, cin] = [w.dims[0]!, w.dims[1]!];
    const ce = from[1]!;
    const cx = cin - ce;
    const kk = (2 * p + 1) ** 2;
    const part = (c0: number, c1: number) => {
      const out = new Float32Array(cout * (c1 - c0) * kk);
      const wd = w.data as Float32Array;
      for (let o = 0; o < cout; o++) out.set(wd.subarray((o * cin + c0) * kk, (o * cin + c1) * kk), o * (c1 - c0) * kk);
      return out;
    };
    const base = n.name;
    const M = 2 * p + 1;
    const spread = (size: number) =>
      BigInt64Array.from({ length: size }, (_, i) => BigInt(i < p ? i : i >= size - p ? M - (size - i) : p));
    added.push(
      { name: `${base}_wx`, dims: [cout, cx, M, M], data: part(0, cx) },
      { name: `${base}_wc`, dims: [cout, ce, M, M], data: part(cx, cin) },
      { name: `${base}_small`, dims: [4], data: BigInt64Array.of(1n, 1n, BigInt(M), BigInt(M)) },
      { name: `${base}_rows`, dims: [to[2]!], data: spread(to[2]!) },
      { name: `${base}_cols`, dims: [to[3]!], data: spread(to[3]!) },
    );
    const attrs = n.attrs;
    return [
      { op: 'Conv', inputs: [cat.inputs[0]!, `${base}_wx`], outputs: [`${base}_x`], name: `${base}_x`, attrs },
      {
        op: 'Expand',
        inputs: [expand.inputs[0]!, `${base}_small`],
        outputs: [`${base}_cmap`],
        name: `${base}_cmap`,
        attrs: {},
      },
      {
        op: 'Conv',
        inputs: [`${base}_cmap`, `${base}_wc`, ...(n.inputs[2] ? [n.inputs[2]] : [])],
        outputs: [`${base}_c`],
        name: `${base}_c`,
        attrs,
      },
      {
        op: 'Gather',
        inputs: [`${base}_c`, `${base}_rows`],
        outputs: [`${base}_crows`],
        name: `${base}_crows`,
        attrs: { axis: { kind: 'int', v: 2 } },
      },
      {
        op: 'Gather',
        inputs: [`${base}_crows`, `${base}_cols`],
        outputs: [`${base}_cfull`],
        name: `${base}_cfull`,
        attrs: { axis: { kind: 'int', v: 3 } },
      },
      { op: 'Add', inputs: [`${base}_x`, `${base}_cfull`], outputs: n.outputs, name: `${base}_sum`, attrs: {} },
    ];
  });
  return changed ? pruneGraph({ ...g, nodes, initializers: [...g.initializers, ...added] }) : g;
}
