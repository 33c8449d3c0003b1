import { it } from 'node:test';
import assert from 'node:assert/strict';
import { SpectralNormConv2d } from './spectral-norm.js';
import { add, backward, manualSeed, mean, rand, scope } from '../torch/index.js';

/** Largest singular value of a row-major [r, c] matrix: 500 power iterations on the host, independent of the module. */
function sigmaMax(a: Float32Array, r: number, c: number): number {
  let v = Array.from({ length: c }, (_, i) => Math.sin(i + 1));
  let s = 0;
  for (let it = 0; it < 500; it++) {
    const u = Array.from({ length: r }, (_, i) => v.reduce((acc, x, j) => acc + a[i * c + j]! * x, 0));
    const w = Array.from({ length: c }, (_, j) => u.reduce((acc, x, i) => acc + a[i * c + j]! * x, 0));
    s = Math.sqrt(Math.hypot(...w));
    const n = Math.hypot(...w);
    v = w.map((x) => x / n);
  }
  return s;
}

it('spectral norm: after a few forwards the normalised weight has largest singular value 1, the raw weight is untouched, and gradients flow through two forwards in one graph', () => {
  manualSeed(3);
  const conv = new SpectralNormConv2d(3, 8, 4, { stride: 2, padding: 1 });
  const [w] = conv
    .namedParameters()
    .filter(([n]) => n === 'weight')
    .map(([, t]) => t);
  const raw = w!.data().slice();
  const before = sigmaMax(raw as Float32Array, 8, 48);
  assert.ok(before > 0.05 && Math.abs(before - 1) > 0.5, `a raw N(0, 0.02) weight is far from norm 1 (${before})`);
  let normalised: Float32Array = new Float32Array();
  for (let i = 0; i < 20; i++) scope(() => void (normalised = conv.normalisedWeight().data() as Float32Array));
  assert.ok(Math.abs(sigmaMax(normalised, 8, 48) - 1) < 1e-3, `σ_max ${sigmaMax(normalised, 8, 48)}`);
  assert.deepEqual(w!.data(), raw);
  assert.deepEqual(
    conv.namedState().map(([n]) => n),
    ['weight', 'bias', 'weight_u'],
  );
  // a critic is called on real and fake images before one backward: the buffer's update must not break the graph
  scope(() => {
    const y = mean(conv.forward(rand([2, 3, 16, 16])));
    const z = mean(conv.forward(rand([2, 3, 16, 16])));
    backward(add(y, z));
  });
  assert.ok(w!.grad && w!.grad.data().some((g: number) => g !== 0));
});
