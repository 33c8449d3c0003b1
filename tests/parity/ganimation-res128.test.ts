// Parity: GANimation at 128×128 (G width 16, 6 blocks; D with a 2×2 patch map) against PyTorch —
// forward values, and all eleven loss terms of one full iteration (critic, penalty, generator steps).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compose, Critic, Generator, PAPER_CONFIG } from '../../src/models/ganimation/networks/index.js';
import { noGrad, scope, setMkldnnEnabled } from '../../src/torch/index.js';
import { criticSteps, generatorStep } from '../../src/models/ganimation/ganimation-iteration.js';
import { type Case, loadCase } from '../support/ganimation-case.js';
import { entry, loadReference, referenceDir, relError } from '../support/reference.js';

const ref = loadReference('ganimation_res128.safetensors');
const TOL = 1e-4;

function expectClose(name: string, actual: ArrayLike<number>, key: string): void {
  const e = relError(actual, entry(ref, key).data);
  assert.ok(e <= TOL, `${name}: relative error ${e.toExponential(2)} > ${TOL}`);
}

describe('parity: ganimation_res128.safetensors', () => {
  let c: Case;
  before(() => {
    setMkldnnEnabled(false);
    c = loadCase(ref);
  });
  after(() => {
    c.dispose();
    setMkldnnEnabled(true);
  });

  it('forward: colour, attention, composed image, 2×2 critic map and AUs', () =>
    scope(() =>
      noGrad(() => {
        const { color, attention } = c.G.forward(c.batch.real, c.batch.desiredCond);
        expectClose('fwd.G.color', color.data(), 'fwd.G.color');
        expectClose('fwd.G.attention', attention.data(), 'fwd.G.attention');
        expectClose('fwd.fake_masked', compose(c.batch.real, color, attention).data(), 'fwd.fake_masked');
        const d = c.D.forward(c.batch.real);
        assert.deepEqual(d.scores.shape, [1, 2, 2]);
        expectClose('fwd.D.real_prob', d.scores.data(), 'fwd.D.real_prob');
        expectClose('fwd.D.real_cond', d.aus.data(), 'fwd.D.real_cond');
      }),
    ));

  it('one full iteration: all eleven loss terms', () => {
    const stats = { ...criticSteps(c, c.batch, c.gpAlpha), ...generatorStep(c, c.batch) };
    const names = [
      'd_real',
      'd_cond',
      'd_fake',
      'd_gp',
      'g_fake',
      'g_cond',
      'g_cyc',
      'g_mask1',
      'g_mask2',
      'g_smooth1',
      'g_smooth2',
    ];
    assert.deepEqual(Object.keys(stats).sort(), [...names].sort());
    for (const k of names) expectClose(k, [stats[k]!], `loss.${k}`);
  });
});

describe('parity: full-size parameter counts (ganimation_full_size.json)', () => {
  it('G has 8,471,296 and D 44,860,352 parameters', () => {
    const want = JSON.parse(readFileSync(join(referenceDir, 'ganimation_full_size.json'), 'utf8')) as {
      G_params: number;
      D_params: number;
    };
    const G = new Generator(PAPER_CONFIG);
    const D = new Critic(PAPER_CONFIG);
    try {
      assert.equal(G.numParameters(), want.G_params);
      assert.equal(D.numParameters(), want.D_params);
      assert.equal(want.G_params, 8_471_296);
      assert.equal(want.D_params, 44_860_352);
    } finally {
      G.dispose();
      D.dispose();
    }
  });
});
