// Parity: the ONNX graph traced from ganimate's generator and critic, run by ONNX Runtime, against
// PyTorch's forward values in ganimation_res128.safetensors (128×128, 6 residual blocks).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auEstimatorGraph, generatorGraph } from '../../src/models/ganimation/export-ganimation.js';
import { serializeModel } from '../../src/runtime/onnx-graph.js';
import { OnnxModel } from '../../src/runtime/onnx-model.js';
import { loadCase } from '../support/ganimation-case.js';
import { entry, loadReference, relError } from '../support/reference.js';

const ref = loadReference('ganimation_res128.safetensors');
const input = (k: string) => ({ data: entry(ref, k).data, dims: entry(ref, k).shape });

describe('parity: ONNX Runtime on traced GANimation vs PyTorch (ganimation_res128)', () => {
  const c = loadCase(ref);

  it('generator graph: colour, attention and composed image within 1e-4', async () => {
    const model = await OnnxModel.load(serializeModel(generatorGraph(c.G)));
    const out = await model.run({ image: input('input.real_img'), aus: input('input.desired_cond') });
    for (const [k, key] of [
      ['color', 'fwd.G.color'],
      ['attention', 'fwd.G.attention'],
      ['composed', 'fwd.fake_masked'],
    ] as const) {
      const e = relError(out[k]!.data, entry(ref, key).data);
      assert.ok(e <= 1e-4, `${k}: relative error ${e}`);
    }
    await model.dispose();
  });

  it('AU-estimator graph: the critic AU head within 1e-4', async () => {
    const model = await OnnxModel.load(serializeModel(auEstimatorGraph(c.D)));
    const out = await model.run({ image: input('input.real_img') });
    const e = relError(out.aus!.data, entry(ref, 'fwd.D.real_cond').data);
    assert.ok(e <= 1e-4, `aus: relative error ${e}`);
    await model.dispose();
    c.dispose();
  });
});
