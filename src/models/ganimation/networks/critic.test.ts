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
