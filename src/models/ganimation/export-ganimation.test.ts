import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { compose, Critic, Generator } from './networks/index.js';
import { OnnxModel } from '../../runtime/onnx-model.js';
import { add, avgPool2d, manualSeed, mul, noGrad, rand, scope, sub, type Tensor } from '../../torch/index.js';
import { auEstimatorGraph, generatorGraph } from './export-ganimation.js';
import { writeOnnx } from '../../onnx/write-onnx.js';
import { serializeModel } from '../../runtime/onnx-graph.js';
import { ExportError, trace } from '../../onnx/trace.js';

const config = { imageSize: 32, gConvDim: 8, gRepeatNum: 2, dConvDim: 8, dRepeatNum: 5 };
const dir = mkdtempSync(join(tmpdir(), 'ganimate-onnx-'));

function relError(a: Float32Array, b: Float32Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    s = Math.max(s, Math.abs(b[i]!));
  }
  return d / s;
}
const host = (t: Tensor) => ({ data: t.data(), dims: t.shape });

describe('ONNX export of GANimation (random weights, ONNX Runtime vs libtorch)', () => {
  manualSeed(11);
  const G = new Generator(config);
  const D = new Critic(config);
  after(() => {
    G.dispose();
    D.dispose();
  });

  it('generator: colour, attention and composed image within 1e-4, at a batch size other than the traced one', async () => {
    const path = join(dir, 'g.onnx');
    writeOnnx(path, generatorGraph(G));
    const model = await OnnxModel.load(path);
    assert.deepEqual([...model.inputNames].sort(), ['aus', 'image']);
    assert.deepEqual([...model.outputNames].sort(), ['attention', 'color', 'composed']);
    const [image, aus] = [sub(mul(rand([3, 3, 32, 32]), 2), 1), rand([3, 17])];
    const out = await model.run({ image: host(image), aus: host(aus) });
    scope(() =>
      noGrad(() => {
        const { color, attention } = G.forward(image, aus);
        const want = { color, attention, composed: compose(image, color, attention) };
        for (const [k, t] of Object.entries(want)) {
          assert.deepEqual(out[k]!.dims, t.shape, k);
          const e = relError(out[k]!.data, t.data());
          assert.ok(e <= 1e-4, `${k}: relative error ${e}`);
        }
      }),
    );
    await model.dispose();
  });

  it('AU estimator: the critic AU head alone (score branch pruned), within 1e-4', async () => {
    const graph = auEstimatorGraph(D);
    assert.ok(!graph.initializers.some((t) => t.name === 'conv1.weight'), 'conv1 (scores) should be pruned');
    const model = await OnnxModel.load(serializeModel(graph));
    const image = sub(mul(rand([4, 3, 32, 32]), 2), 1);
    const out = await model.run({ image: host(image) });
    const want = scope(() => noGrad(() => D.forward(image).aus));
    assert.deepEqual(out.aus!.dims, [4, 17]);
    assert.ok(relError(out.aus!.data, want.data()) <= 1e-4);
  });

  it('an op export does not know is an ExportError, never a baked-in constant', () => {
    const x = rand([1, 1, 4, 4]);
    assert.throws(
      () => trace({ name: 't', inputs: [['x', x]], params: [], run: () => ({ y: add(avgPool2d(x, 2), 1) }) }),
      (e: Error) => e instanceof ExportError && /does not support/.test(e.message),
    );
  });

  it('a corrupt model file is a typed error that says what to do', async () => {
    await assert.rejects(OnnxModel.load(Uint8Array.from([1, 2, 3, 4])), /not a model ONNX Runtime can load.*re-export/);
    await assert.rejects(OnnxModel.load(join(dir, 'missing.onnx')), /does not exist/);
  });
});
