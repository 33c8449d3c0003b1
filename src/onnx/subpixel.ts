// A stride-2 transposed convolution (kernel 4, padding 1: GANimation's upsampling) rewritten as four
// 2×2 convolutions, one per output phase, interleaved by DepthToSpace. Same numbers up to summation
// order; ONNX Runtime runs its blocked convolution on them instead of the slower col2im path.
// Phase (ry, rx) of the output reads input rows i−1, i (ry = 0; kernel rows 3, 1) or i, i+1 (ry = 1;
// kernel rows 2, 0), and the same for columns.
import type { Initializer, OnnxGraph, OnnxNode } from '../runtime/onnx-graph.js';
import { pruneGraph } from './prune.js';

/** Kernel rows (or columns) each output phase reads, for its two taps. */
export const TAPS = [
  [3, 1],
  [2, 0],
];

const ints = (n: OnnxNode, k: string): number[] | undefined =>
  n.attrs[k]?.kind === 'ints' ? (n.attrs[k] as { v: number[] }).v : undefined;
const eq = (a: number[] | undefined, b: number[]) => !!a && a.length === b.length && a.every((v, i) => v === b[i]);

export function convTransposeToSubpixel(g: OnnxGraph): OnnxGraph {
  const inits = new Map(g.initializers.map((t) => [t.name, t]));
  const added: Initializer[] = [];
  let changed = false;
  const nodes = g.nodes.flatMap((n): OnnxNode[] => {
    const w = inits.get(n.inputs[1] ?? '');
    const b = n.inputs[2] ? inits.get(n.inputs[2]) : undefined;
    const plain =
      Object.keys(n.attrs).every((k) =>
        ['kernel_shape', 'strides', 'pads', 'dilations', 'group', 'output_padding'].includes(k),
      ) &&
      (!ints(n, 'output_padding') || eq(ints(n, 'output_padding'), [0, 0]));
    const group = n.attrs.group?.kind === 'int' ? (n.attrs.group as { v: number }).v : 1;
    if (
      n.op !== 'ConvTranspose' ||
      !plain ||
      group !== 1 ||
      !(w?.data instanceof Float32Array) ||
      (n.inputs[2] && !(b?.data instanceof Float32Array))
    )
      return [n];
    if (
      !eq(ints(n, 'strides'), [2, 2]) ||
      !eq(ints(n, 'pads'), [1, 1, 1, 1]) ||
      !eq(w.dims.slice(2), [4, 4]) ||
      (ints(n, 'dilations') && !eq(ints(n, 'dilations'), [1, 1]))
    )
      return [n];
    changed = true;
    const [cin, cout] = [w.dims[0]!, w.dims[1]!];
    const W = w.data;
    const phases: string[] = [];
    const out: OnnxNode[] = [];
    for (const ry of [0, 1]) {
      for (const rx of [0, 1]) {
        const k = new Float32Array(cout * cin * 4);
        for (let co = 0; co < cout; co++) {
          for (let ci = 0; ci < cin; ci++) {
            for (let ty = 0; ty < 2; ty++) {
              for (let tx = 0; tx < 2; tx++)
                k[((co * cin + ci) * 2 + ty) * 2 + tx] =
                  W[((ci * cout + co) * 4 + TAPS[ry]![ty]!) * 4 + TAPS[rx]![tx]!]!;
            }
          }
        }
        const name = `${n.name}_phase${ry}${rx}`;
        added.push({ name: `${name}_weight`, dims: [cout, cin, 2, 2], data: k });
        out.push({
          op: 'Conv',
          inputs: [n.inputs[0]!, `${name}_weight`, ...(b ? [b.name] : [])],
          outputs: [name],
          name,
          attrs: { kernel_shape: { kind: 'ints', v: [2, 2] }, pads: { kind: 'ints', v: [1 - ry, 1 - rx, ry, rx] } },
        });
        phases.push(name);
      }
    }
    out.push({
      op: 'Concat',
      inputs: phases,
      outputs: [`${n.name}_phases`],
      name: `${n.name}_phases`,
      attrs: { axis: { kind: 'int', v: 1 } },
    });
    out.push({
      op: 'DepthToSpace',
      inputs: [`${n.name}_phases`],
      outputs: n.outputs,
      name: `${n.name}_interleave`,
      attrs: { blocksize: { kind: 'int', v: 2 }, mode: { kind: 'string', v: 'DCR' } },
    });
    return out;
  });
  return changed ? pruneGraph({ ...g, nodes, initializers: [...g.initializers, ...added] }) : g;
}
