import assert from 'node:assert/strict';
import { it } from 'node:test';
import { full, manualSeed, tensor } from '../../../torch/index.js';
import { Critic } from './critic.js';

it('criticBlur: the same weights under the same names; a pixel checkerboard is blurred away before the first stride', () => {
  manualSeed(1);
  const plain = new Critic({ imageSize: 32, dConvDim: 4, dRepeatNum: 3 });
  const blurred = new Critic({ imageSize: 32, dConvDim: 4, dRepeatNum: 3, criticBlur: true });
  assert.deepEqual(
    blurred.namedState().map(([n, t]) => [n, t.shape]),
    plain.namedState().map(([n, t]) => [n, t.shape]),
  );
  blurred.loadStateDict(plain.stateDict());
  // [1, 2, 1] / 4 has no response at Nyquist, and reflection keeps the pattern at the border: the blurred critic sees
  // a checkerboard of 0 and 1 exactly as it sees a flat 0.5; the plain critic does not
  const flat = full([1, 3, 32, 32], 0.5);
  const checker = tensor(
    Array.from({ length: 3 * 32 * 32 }, (_, i) => ((i % 32) + Math.floor(i / 32)) % 2),
    [1, 3, 32, 32],
  );
  const gap = (c: Critic) => {
    const [a, b] = [c.forward(checker).scores.data(), c.forward(flat).scores.data()];
    return a.reduce((s, v, i) => Math.max(s, Math.abs(v - b[i]!)), 0);
  };
  const [g0, g1] = [gap(plain), gap(blurred)];
  assert.ok(g0 > 1e-5 && g1 < g0 / 1000, `plain critic ${g0}, blurred critic ${g1}`);
});

it("criticSpectralNorm: the scoring path's weights are normalised (scaling them changes no score), the AU head's are not; exclusive with criticBlur", () => {
  manualSeed(2);
  const o = { imageSize: 32, dConvDim: 4, dRepeatNum: 3, criticSpectralNorm: true };
  const D = new Critic(o);
  const names = D.namedState().map(([n]) => n);
  assert.deepEqual(
    names.filter((n) => n.endsWith('weight_u')),
    ['main.0.weight_u', 'main.2.weight_u', 'main.4.weight_u', 'conv1.weight_u'],
  );
  const x = tensor(
    Array.from({ length: 3 * 32 * 32 }, (_, i) => Math.sin(i)),
    [1, 3, 32, 32],
  );
  for (let i = 0; i < 30; i++) D.forward(x); // the power iteration converges
  const before = D.forward(x);
  const [s0, a0] = [before.scores.data(), before.aus.data()];
  const state = D.stateDict();
  for (const [n, t] of state) if (/^(main\.\d+|conv1|conv2)\.weight$/.test(n)) t.data = t.data.map((v) => v * 10);
  D.loadStateDict(state);
  const after = D.forward(x);
  const worst = s0.reduce((m, v, i) => Math.max(m, Math.abs(v - after.scores.data()[i]!)), 0);
  assert.ok(
    worst < 1e-3 * Math.max(...s0.map(Math.abs)),
    `scores moved by ${worst} of ${Math.max(...s0.map(Math.abs))}`,
  );
  assert.ok(Math.abs(after.aus.data()[0]! - a0[0]!) > 1e-3, 'the AU head is not normalised');
  assert.throws(() => new Critic({ ...o, criticBlur: true }), /exclusive/);
});
