// GeoGAN's training iteration on a tiny configuration: every term is finite, both networks step, and
// on a fixed batch the landmark loss falls (the flow learns to point A's landmarks at B's).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GEOGAN_LAMBDAS } from './geogan-loss.js';
import { GeoGANDiscriminator, GeoGANGenerator } from './networks/index.js';
import { Adam } from '../../nn/index.js';
import { add, engineAvailable, full, keep, manualSeed, rand, sub, mul } from '../../torch/index.js';
import { geoganIteration } from './geogan-iteration.js';

const skip = engineAvailable() ? false : 'the libtorch engine is not built (npm run build:native)';
const TINY = { imageSize: 32, ngf: 4, ndf: 8, nDownsample: 3, nBlocks: 1, numScales: 2, nLayersD: 3, attributes: 1 };

describe('GeoGAN training iteration', { skip }, () => {
  it('runs the cycle, steps G and D, and learns the landmark offsets', () => {
    manualSeed(3);
    const G = new GeoGANGenerator(TINY);
    const D = new GeoGANDiscriminator(TINY);
    const optG = new Adam(G.namedParameters(), { lr: 1e-3, betas: [0.9, 0.999] });
    const optD = new Adam(D.namedParameters(), { lr: 1e-4, betas: [0.9, 0.999] });
    const t = { G, D, optG, optD, lambdas: GEOGAN_LAMBDAS };
    const landmarksA = keep(mul(sub(rand([2, 68, 2]), 0.5), 1.2));
    const batch = {
      a: keep(sub(mul(rand([2, 3, 32, 32]), 2), 1)),
      b: keep(sub(mul(rand([2, 3, 32, 32]), 2), 1)),
      landmarksA,
      landmarksB: keep(add(landmarksA, full([2, 68, 2], 0.08))),
    };
    const g0 = G.namedParameters()[1]![1].data();
    const d0 = D.namedParameters()[0]![1].data();
    const first = geoganIteration(t, batch, 0);
    for (const [k, v] of Object.entries(first)) assert.ok(Number.isFinite(v), `${k} = ${v}`);
    for (const k of ['g_gan', 'g_attr', 'g_flow', 'g_mask', 'g_landmark', 'g_rec', 'd_real', 'd_fake', 'd_attr'])
      assert.ok(k in first, k);
    assert.notDeepEqual(G.namedParameters()[1]![1].data(), g0, 'G stepped');
    assert.notDeepEqual(D.namedParameters()[0]![1].data(), d0, 'D stepped');
    let last = first;
    for (let i = 0; i < 25; i++) last = geoganIteration(t, batch, 0);
    assert.ok(last.g_landmark! < 0.5 * first.g_landmark!, `landmark loss ${first.g_landmark} -> ${last.g_landmark}`);
    for (const x of [G, D, optG, optD, batch.a, batch.b, landmarksA, batch.landmarksB]) x.dispose();
  });
});
