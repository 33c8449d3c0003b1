// Sibling convolutions (same input, same geometry) become one convolution and a Split: GANimation's
// colour and attention heads are 7×7 convolutions with 3 and 1 outputs on the same features, and ONNX
// Runtime's blocked convolution pads each to 16 output channels, so one fused pass halves their cost.
// Exact: the outputs are the same numbers, in the same order.
import type { Attr, Initializer, OnnxGraph, OnnxNode } from '../runtime/onnx-graph.js';
import { pruneGraph } from './prune.js';

const sameAttrs = (a: Record<string, Attr>, b: Record<string, Attr>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

export function fuseSiblingConvs(g: OnnxGraph): OnnxGraph {
  const inits = new Map(g.initializers.map((t) => [t.name, t]));
  const floatInit = (name: string | undefined) => {
    const t = name ? inits.get(name) : undefined;
    return t && t.data instanceof Float32Array ? (t as Initializer & { data: Float32Array }) : undefined;
  };
  const fusable = (n: OnnxNode) =>
    n.op === 'Conv' &&
    (n.attrs.group === undefined || (n.attrs.group as { v: number }).v === 1) &&
    floatInit(n.inputs[1]) &&
    (n.inputs.length < 3 || floatInit(n.inputs[2]));
  const groups = new Map<string, OnnxNode[]>();
  for (const n of g.nodes) {
    if (!fusable(n)) continue;
    const w = floatInit(n.inputs[1])!;
    const key = `${n.inputs[0]}|${w.dims.slice(1).join('x')}|${JSON.stringify(Object.entries(n.attrs).sort())}`;
    const list = groups.get(key) ?? [];
    if (list.every((m) => sameAttrs(m.attrs, n.attrs))) list.push(n);
    groups.set(key, list);
  }
  const replaced = new Map<OnnxNode, OnnxNode[]>();
  const added: Initializer[] = [];
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const ws = list.map((n) => floatInit(n.inputs[1])!);
    const couts = ws.map((w) => w.dims[0]!);
    const total = couts.reduce((a, b) => a + b, 0);
    const base = list[0]!.name;
    const weight: Initializer = {
      name: `${base}_fused_weight`,
      dims: [total, ...ws[0]!.dims.slice(1)],
      data: concat(ws.map((w) => w.data)),
    };
    const bias: Initializer = {
      name: `${base}_fused_bias`,
      dims: [total],
      data: concat(list.map((n, k) => floatInit(n.inputs[2])?.data ?? new Float32Array(couts[k]!))),
    };
    const split: Initializer = {
      name: `${base}_fused_split`,
      dims: [couts.length],
      data: BigInt64Array.from(couts.map(BigInt)),
    };
    added.push(weight, bias, split);
    const fused = `${base}_fused`;
    replaced.set(list[0]!, [
      {
        op: 'Conv',
        inputs: [list[0]!.inputs[0]!, weight.name, bias.name],
        outputs: [fused],
        name: fused,
        attrs: list[0]!.attrs,
      },
      {
        op: 'Split',
        inputs: [fused, split.name],
        outputs: list.map((n) => n.outputs[0]!),
        name: `${base}_split`,
        attrs: { axis: { kind: 'int', v: 1 } },
      },
    ]);
    for (const n of list.slice(1)) replaced.set(n, []);
  }
  if (!replaced.size) return g;
  const nodes = g.nodes.flatMap((n) => replaced.get(n) ?? [n]);
  return pruneGraph({ ...g, nodes, initializers: [...g.initializers, ...added] });
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
