// GeoGAN's networks: the reference's state-dict names and shapes, output shapes, and warping.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lsgan } from '../geogan-loss.js';
import { backward, engineAvailable, manualSeed, rand, scope, tensor, zeros } from '../../../torch/index.js';
import { refineAt } from '../geogan-options.js';
import { GeoGANDiscriminator, GeoGANGenerator, identityGrid, warp } from './index.js';

const skip = engineAvailable() ? false : 'the libtorch engine is not built (npm run build:native)';
const SMALL = { imageSize: 32, ngf: 4, ndf: 8, nDownsample: 3, nBlocks: 1, numScales: 2, nLayersD: 3, attributes: 1 };

describe('GeoGAN networks', { skip }, () => {
  it('generator state-dict names and shapes follow the reference (nf = 4, nd = 3)', () => {
    const G = new GeoGANGenerator(SMALL);
    const shapes = new Map(G.namedState().map(([n, t]) => [n, t.shape.join('x')]));
    const expected: Record<string, string> = {
      'flow_head.layers.1.weight': '4x3x7x7',
      'flow_head.layers.10.weight': '32x16x3x3',
      'flow_block.0.weight': '32x64x3x3',
      'flow_block.3.conv_block.1.weight': '32x32x3x3',
      'flow_block.3.conv_block.5.bias': '32',
      'flow_tail_By.layer_0.1.weight': '16x96x1x1',
      'flow_tail_By.layer_2.3.weight': '4x4x3x3',
      'flow_tail_By.output.0.weight': '2x12x7x7',
      'flow_mask_tail.output.0.weight': '1x12x7x7',
      'flow_res_head.layers.1.weight': '4x4x7x7',
      'flow_res_tail.layer_0.1.weight': '16x64x1x1',
      'flow_res_tail.output.0.weight': '3x8x7x7',
      'res_head.layers.1.weight': '4x4x7x7',
      'res_block.0.conv_block.1.weight': '32x32x3x3',
      'res_tail.output.0.weight': '3x8x7x7',
    };
    for (const [n, s] of Object.entries(expected)) assert.equal(shapes.get(n), s, n);
    assert.ok(![...shapes.keys()].some((n) => /\.(running_|num_batches)/.test(n)), 'instance norms carry no state');
    G.dispose();
  });

  it('discriminator names, patch maps at 1/8 of each scale and attribute logits', () => {
    const D = new GeoGANDiscriminator(SMALL);
    const shapes = new Map(D.namedState().map(([n, t]) => [n, t.shape.join('x')]));
    for (const [n, s] of Object.entries({
      'disc_0.d_layers.0.weight': '8x3x3x3',
      'disc_0.d_layers.2.weight': '16x8x3x3',
      'disc_0.d_layers.5.weight': '32x16x3x3',
      'disc_1.dilate_layer_6.weight': '512x32x3x3',
      'disc_1.dilate_concat.weight': '512x1536x1x1',
      'disc_1.disc_layer.weight': '1x512x3x3',
      'disc_1.attr_layer.0.weight': '1x512x3x3',
    }))
      assert.equal(shapes.get(n), s, n);
    scope(() => {
      const out = D.forward(rand([2, 3, 32, 32]));
      assert.deepEqual(
        out.map((o) => o.patch.shape),
        [
          [2, 1, 4, 4],
          [2, 1, 2, 2],
        ],
      );
      assert.deepEqual(
        out.map((o) => o.attribute.shape),
        [
          [2, 1],
          [2, 1],
        ],
      );
    });
    // the CPU recipe's activation before the attribute head: same state dict, same patch maps, other logits
    const Dact = new GeoGANDiscriminator({ ...SMALL, attributeHeadActivation: true });
    Dact.loadStateDict(D.stateDict());
    assert.deepEqual(
      Dact.namedState().map(([n]) => n),
      D.namedState().map(([n]) => n),
    );
    scope(() => {
      const x = rand([2, 3, 32, 32]);
      const [plain, act] = [D.forward(x), Dact.forward(x)];
      assert.deepEqual(act[0]!.patch.data(), plain[0]!.patch.data());
      assert.notDeepEqual(act[0]!.attribute.data(), plain[0]!.attribute.data());
    });
    assert.throws(
      () => new GeoGANDiscriminator({ ...SMALL, attributeHeadActivation: 1 as never }),
      /attributeHeadActivation must be true or false/,
    );
    Dact.dispose();
    D.dispose();
  });

  it('warping: a zero flow is the identity; a one-pixel x flow shifts left and fills zeros', () =>
    scope(() => {
      const img = rand([1, 2, 5, 6]);
      const same = warp(img, zeros([1, 2, 5, 6])).data();
      img.data().forEach((v, i) => assert.ok(Math.abs(same[i]! - v) < 1e-6));
      const flow = tensor([...Array(30).fill(2 / 5), ...Array(30).fill(0)], [1, 2, 5, 6]);
      const [a, w] = [img.data(), warp(img, flow).data()];
      for (let c = 0; c < 2; c++) {
        for (let y = 0; y < 5; y++) {
          for (let x = 0; x < 5; x++) assert.ok(Math.abs(w[c * 30 + y * 6 + x]! - a[c * 30 + y * 6 + x + 1]!) < 1e-5);
          assert.ok(Math.abs(w[c * 30 + y * 6 + 5]!) < 1e-6);
        }
      }
      assert.deepEqual([...identityGrid(2, 3).data()], [-1, 0, 1, -1, 0, 1, -1, -1, -1, 1, 1, 1]);
    }));

  it('a transfer: shapes, mask in (0, 1), no refinement before epoch 11, gradients reach the flow encoder', () => {
    manualSeed(1);
    const G = new GeoGANGenerator(SMALL);
    const D = new GeoGANDiscriminator(SMALL);
    scope(() => {
      const [a, b] = [rand([2, 3, 32, 32]), rand([2, 3, 32, 32])];
      const t = G.addAttribute(a, b, refineAt({ refineAfterEpoch: 10, refineWeight: 0.1 }, 3));
      assert.deepEqual(t.flow.shape, [2, 2, 32, 32]);
      assert.deepEqual(t.mask.shape, [2, 1, 32, 32]);
      assert.deepEqual(t.fake.shape, [2, 3, 32, 32]);
      const m = t.mask.data();
      assert.ok(m.every((v) => v > 0 && v < 1));
      assert.ok(t.residual.data().every((v) => v === 0));
      const removed = G.removeAttribute(b, t.backMask);
      assert.deepEqual(removed.shape, [2, 3, 32, 32]);
      backward(lsgan(D.forward(t.fake), 1));
      const g = G.namedParameters().find(([n]) => n === 'flow_head.layers.1.weight')![1].grad!;
      assert.ok(
        g.data().some((v) => v !== 0),
        'the flow encoder gets a gradient through the warp',
      );
    });
    assert.deepEqual(
      [0, 10, 11, 12, 40].map((e) => refineAt({ refineAfterEpoch: 10, refineWeight: 0.1 }, e)),
      [0, 0, 0.1, 0.1, 0.1],
    );
    G.dispose();
    D.dispose();
  });
});
