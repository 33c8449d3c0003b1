import assert from 'node:assert/strict';
import { it } from 'node:test';
import { product, withSpectrum } from '../../tests/support/matrices.js';
import { lowerCongruence } from './congruence.js';
import { seededRandom } from './prng.js';

it('Lᵀ·S·L by blocks of the lower factor equals the full products, also for a trapezoidal factor', async () => {
  for (const [n, r] of [
    [300, 300],
    [300, 290],
    [7, 3],
  ] as const) {
    const rng = seededRandom(n + r);
    const l = new Float64Array(n * r);
    for (let i = 0; i < n; i++) for (let j = 0; j <= Math.min(i, r - 1); j++) l[i * r + j] = rng() - 0.5;
    const s = withSpectrum(
      Array.from({ length: n }, (_, i) => 1 + i),
      5,
    );
    const lt = new Float64Array(r * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < r; j++) lt[j * n + i] = l[i * r + j]!;
    const want = product(product(lt, s, r, n, n), l, r, n, r);
    const got = await lowerCongruence(l, s, n, r);
    let worst = 0;
    for (let i = 0; i < r * r; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / (1 + Math.abs(want[i]!)));
    assert.ok(worst < 1e-12, `${n} × ${r}: worst relative difference ${worst}`);
  }
});
