// A stride-2, kernel-4, padding-1 transposed convolution and its four-phase rewrite give the same
// outputs on ONNX Runtime (hand-made graphs); other transposed convolutions are left alone.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { OnnxModel } from '../runtime/onnx-model.js';
import { type Attr, type OnnxGraph, serializeModel } from '../runtime/onnx-graph.js';
import { convTransposeToSubpixel } from './subpixel.js';

const ramp = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k + 0.3));

function graph(kernel: number, stride: number, pad: number, bias: boolean): OnnxGraph {
  const attrs: Record<string, Attr> = {
    kernel_shape: { kind: 'ints', v: [kernel, kernel] },
    strides: { kind: 'ints', v: [stride, stride] },
    pads: { kind: 'ints', v: [pad, pad, pad, pad] },
    output_padding: { kind: 'ints', v: [0, 0] },
    group: { kind: 'int', v: 1 },
  };
  return {
    name: 'up',
    inputs: [{ name: 'x', dims: ['batch', 5, 6, 7] }],
    outputs: [{ name: 'y', dims: ['batch', 3, 'h', 'w'] }],
    initializers: [
      { name: 'w', dims: [5, 3, kernel, kernel], data: ramp(5 * 3 * kernel * kernel, 0.37) },
      ...(bias ? [{ name: 'b', dims: [3], data: ramp(3, 1.7) }] : []),
    ],
    nodes: [{ op: 'ConvTranspose', inputs: ['x', 'w', ...(bias ? ['b'] : [])], outputs: ['y'], name: 'up', attrs }],
    metadata: {},
  };
}

it('kernel 4, stride 2, padding 1: four 2×2 phase convolutions and DepthToSpace, same outputs', async () => {
  for (const bias of [true, false]) {
    const g = graph(4, 2, 1, bias);
    const rewritten = convTransposeToSubpixel(g);
    assert.deepEqual(
      rewritten.nodes.map((n) => n.op),
      ['Conv', 'Conv', 'Conv', 'Conv', 'Concat', 'DepthToSpace'],
    );
    const x = { data: ramp(2 * 5 * 6 * 7, 0.13), dims: [2, 5, 6, 7] };
    const [m0, m1] = await Promise.all([OnnxModel.load(serializeModel(g)), OnnxModel.load(serializeModel(rewritten))]);
    const [r0, r1] = [(await m0.run({ x })).y!, (await m1.run({ x })).y!];
    assert.deepEqual(r1.dims, [2, 3, 12, 14]);
    assert.deepEqual(r1.dims, r0.dims);
    r0.data.forEach((v, i) =>
      assert.ok(Math.abs(v - r1.data[i]!) <= 1e-5 * (1 + Math.abs(v)), `bias ${bias} [${i}]: ${v} vs ${r1.data[i]}`),
    );
    await Promise.all([m0.dispose(), m1.dispose()]);
  }
});

it('other transposed convolutions stay as they are', () => {
  for (const g of [graph(3, 2, 1, true), graph(4, 1, 1, true), graph(4, 2, 0, true)])
    assert.equal(convTransposeToSubpixel(g), g);
});
