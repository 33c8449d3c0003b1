// Fusing sibling convolutions: one Conv and a Split replace them, and ONNX Runtime gives the same
// outputs as the unfused graph (no libtorch needed: hand-made graphs).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { OnnxModel } from '../runtime/onnx-model.js';
import { fuseSiblingConvs } from './fuse.js';
import { type Attr, type OnnxGraph, serializeModel } from '../runtime/onnx-graph.js';

const ramp = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k));
const conv = (name: string, input: string, attrs: Record<string, Attr>, bias = true) => ({
  op: 'Conv',
  inputs: [input, `${name}.weight`, ...(bias ? [`${name}.bias`] : [])],
  outputs: [name],
  name,
  attrs,
});

function graph(): OnnxGraph {
  const k3: Record<string, Attr> = {
    kernel_shape: { kind: 'ints', v: [3, 3] },
    pads: { kind: 'ints', v: [1, 1, 1, 1] },
  };
  const k1: Record<string, Attr> = { kernel_shape: { kind: 'ints', v: [1, 1] } };
  return {
    name: 'siblings',
    inputs: [{ name: 'x', dims: ['batch', 4, 8, 8] }],
    outputs: ['a', 'b', 'c', 'd'].map((name) => ({ name, dims: ['batch', name === 'b' ? 1 : 3, 8, 8] })),
    initializers: [
      { name: 'a.weight', dims: [3, 4, 3, 3], data: ramp(108, 0.3) },
      { name: 'a.bias', dims: [3], data: ramp(3, 1.1) },
      { name: 'b.weight', dims: [1, 4, 3, 3], data: ramp(36, 0.7) },
      { name: 'c.weight', dims: [3, 4, 1, 1], data: ramp(12, 0.5) },
      { name: 'c.bias', dims: [3], data: ramp(3, 0.9) },
      { name: 'd.weight', dims: [3, 4, 3, 3], data: ramp(108, 0.2) },
      { name: 'd.bias', dims: [3], data: ramp(3, 1.3) },
    ],
    nodes: [
      conv('a', 'x', k3),
      conv('b', 'x', k3, false),
      conv('c', 'x', k1),
      { op: 'Relu', inputs: ['x'], outputs: ['r'], name: 'r', attrs: {} },
      conv('d', 'r', k3),
    ],
    metadata: {},
  };
}

it('sibling convolutions with the same geometry fuse into one Conv + Split with identical outputs', async () => {
  const g = graph();
  const fused = fuseSiblingConvs(g);
  assert.deepEqual(
    fused.nodes.map((n) => n.op),
    ['Conv', 'Split', 'Conv', 'Relu', 'Conv'],
    'a and b fuse (bias-less b gets zeros); c (1×1) and d (other input) stay',
  );
  const x = { data: ramp(2 * 4 * 64, 0.11), dims: [2, 4, 8, 8] };
  const [m0, m1] = await Promise.all([OnnxModel.load(serializeModel(g)), OnnxModel.load(serializeModel(fused))]);
  const [r0, r1] = [await m0.run({ x }), await m1.run({ x })];
  for (const k of ['a', 'b', 'c', 'd']) {
    assert.deepEqual(r1[k]!.dims, r0[k]!.dims, k);
    r0[k]!.data.forEach((v, i) =>
      assert.ok(Math.abs(v - r1[k]!.data[i]!) <= 1e-5 * (1 + Math.abs(v)), `${k}[${i}]: ${v} vs ${r1[k]!.data[i]}`),
    );
  }
  await Promise.all([m0.dispose(), m1.dispose()]);
  assert.equal(fuseSiblingConvs(fused), fused, 'nothing left to fuse');
});
