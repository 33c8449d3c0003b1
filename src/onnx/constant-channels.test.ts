// A convolution over [image, expanded constant maps] and its split (image convolution + the constant
// part on a small map spread by Gathers) give the same outputs on ONNX Runtime, border rows included.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { OnnxModel } from '../runtime/onnx-model.js';
import { splitConstantChannelConv } from './constant-channels.js';
import { type Attr, type OnnxGraph, serializeModel } from '../runtime/onnx-graph.js';

const ramp = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k + 0.2));

function graph(pad: number, bias: boolean): OnnxGraph {
  const k = 2 * pad + 1;
  const attrs: Record<string, Attr> = {
    kernel_shape: { kind: 'ints', v: [k, k] },
    strides: { kind: 'ints', v: [1, 1] },
    pads: { kind: 'ints', v: [pad, pad, pad, pad] },
    dilations: { kind: 'ints', v: [1, 1] },
    group: { kind: 'int', v: 1 },
  };
  return {
    name: 'first',
    inputs: [
      { name: 'image', dims: ['batch', 3, 12, 10] },
      { name: 'aus', dims: ['batch', 4] },
    ],
    outputs: [{ name: 'y', dims: ['batch', 5, 12, 10] }],
    initializers: [
      { name: 'rs', dims: [4], data: BigInt64Array.of(0n, 4n, 1n, 1n) },
      { name: 'ex', dims: [4], data: BigInt64Array.of(1n, 1n, 12n, 10n) },
      { name: 'w', dims: [5, 7, k, k], data: ramp(5 * 7 * k * k, 0.41) },
      ...(bias ? [{ name: 'b', dims: [5], data: ramp(5, 1.3) }] : []),
    ],
    nodes: [
      { op: 'Reshape', inputs: ['aus', 'rs'], outputs: ['r'], name: 'r', attrs: {} },
      { op: 'Expand', inputs: ['r', 'ex'], outputs: ['e'], name: 'e', attrs: {} },
      { op: 'Concat', inputs: ['image', 'e'], outputs: ['c'], name: 'c', attrs: { axis: { kind: 'int', v: 1 } } },
      { op: 'Conv', inputs: ['c', 'w', ...(bias ? ['b'] : [])], outputs: ['y'], name: 'conv', attrs },
    ],
    metadata: {},
  };
}

it('the constant channels are convolved on a small map and spread: same outputs, every border', async () => {
  for (const [pad, bias] of [
    [3, false],
    [1, true],
  ] as const) {
    const g = graph(pad, bias);
    const split = splitConstantChannelConv(g);
    assert.deepEqual(
      split.nodes.map((n) => n.op),
      ['Reshape', 'Conv', 'Expand', 'Conv', 'Gather', 'Gather', 'Add'],
    );
    const feeds = {
      image: { data: ramp(2 * 3 * 120, 0.17), dims: [2, 3, 12, 10] },
      aus: { data: ramp(8, 0.9), dims: [2, 4] },
    };
    const [m0, m1] = await Promise.all([OnnxModel.load(serializeModel(g)), OnnxModel.load(serializeModel(split))]);
    const [r0, r1] = [(await m0.run(feeds)).y!, (await m1.run(feeds)).y!];
    assert.deepEqual(r1.dims, r0.dims);
    r0.data.forEach((v, i) =>
      assert.ok(Math.abs(v - r1.data[i]!) <= 1e-5 * (1 + Math.abs(v)), `pad ${pad} [${i}]: ${v} vs ${r1.data[i]}`),
    );
    await Promise.all([m0.dispose(), m1.dispose()]);
  }
  const noPad = graph(0, false);
  assert.equal(splitConstantChannelConv(noPad), noPad, 'a 1×1 convolution gains nothing');
});
