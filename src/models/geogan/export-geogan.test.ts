// GeoGAN's transfer graph on ONNX Runtime against the libtorch forward (random weights): the warp
// (GridSample), the bilinear upsampling (Resize) and the constant identity grid all export.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GeoGANGenerator } from './networks/index.js';
import { OnnxModel } from '../../runtime/onnx-model.js';
import { engineAvailable, manualSeed, mul, noGrad, rand, scope, sub, type Tensor } from '../../torch/index.js';
import { writeOnnx } from '../../onnx/write-onnx.js';
import { geoganTransferGraph } from './export-geogan.js';

const skip = engineAvailable() ? false : 'the libtorch engine is not built (npm run build:native)';
const host = (t: Tensor) => ({ data: t.data(), dims: t.shape });

describe('ONNX export of GeoGAN (random weights, ONNX Runtime vs libtorch)', { skip }, () => {
  it('transferred image, mask, flow and warped reference within 1e-4, at a batch size other than the traced one', async () => {
    manualSeed(7);
    const G = new GeoGANGenerator({ imageSize: 32, ngf: 4, nDownsample: 3, nBlocks: 1 });
    const path = join(mkdtempSync(join(tmpdir(), 'ganimate-geogan-onnx-')), 'transfer.onnx');
    writeOnnx(path, geoganTransferGraph(G, 0.1));
    const model = await OnnxModel.load(path);
    assert.deepEqual([...model.outputNames].sort(), ['flow', 'mask', 'transferred', 'warped']);
    const [a, b] = [sub(mul(rand([3, 3, 32, 32]), 2), 1), sub(mul(rand([3, 3, 32, 32]), 2), 1)];
    const out = await model.run({ target: host(a), reference: host(b) });
    scope(() =>
      noGrad(() => {
        const t = G.addAttribute(a, b, 0.1);
        for (const [k, want] of Object.entries({ transferred: t.fake, mask: t.mask, flow: t.flow, warped: t.warped })) {
          assert.deepEqual(out[k]!.dims, want.shape, k);
          const w = want.data();
          let [d, s] = [0, 0];
          w.forEach((v, i) => ([d, s] = [Math.max(d, Math.abs(out[k]!.data[i]! - v)), Math.max(s, Math.abs(v))]));
          assert.ok(d / s <= 1e-4, `${k}: relative error ${d / s}`);
        }
      }),
    );
    await model.dispose();
    G.dispose();
  });
});
