import assert from 'node:assert/strict';
import { it } from 'node:test';
import { bandToTridiagonal, denseToBand } from './band-reduction.js';
import { seededRandom } from './prng.js';

/** A random symmetric n × n matrix, entries uniform in [−1, 1), garbage above the diagonal (only the lower is read). */
function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = seededRandom(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = 2 * rng() - 1;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = 99;
  return a;
}

const frobenius2 = (a: Float64Array, n: number, lowerOnly: boolean) => {
  let s = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) if (!lowerOnly || j <= i) s += (j < i && lowerOnly ? 2 : 1) * a[i * n + j]! ** 2;
  return s;
};

it('each stage keeps the spectrum (its Frobenius norm and trace) and leaves zeros outside its band', async () => {
  for (const [n, b] of [
    [37, 4],
    [150, 16],
    [200, 16],
  ] as const) {
    const a = randomSymmetric(n, n);
    const band = await denseToBand(a, n, b);
    let [tr, trBand] = [0, 0];
    for (let i = 0; i < n; i++) [tr, trBand] = [tr + a[i * n + i]!, trBand + band[i * n + i]!];
    assert.ok(Math.abs(tr - trBand) < 1e-11, `trace ${tr} → ${trBand}`);
    const [f, fBand] = [frobenius2(a, n, true), frobenius2(band, n, false)];
    assert.ok(Math.abs(f - fBand) < 1e-10 * f, `‖A‖² ${f} → ${fBand}`);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (Math.abs(i - j) > b)
          assert.ok(Math.abs(band[i * n + j]!) < 1e-12, `band (${i}, ${j}) = ${band[i * n + j]}`);
        assert.ok(Math.abs(band[i * n + j]! - band[j * n + i]!) < 1e-13, `symmetric at (${i}, ${j})`);
      }
    const { d, e } = bandToTridiagonal(band, n, b);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        if (Math.abs(i - j) > 1) assert.ok(Math.abs(band[i * n + j]!) < 1e-12, `tridiagonal (${i}, ${j})`);
    const fTri = d.reduce((s, x) => s + x * x, 0) + 2 * e.slice(0, n - 1).reduce((s, x) => s + x * x, 0);
    assert.ok(Math.abs(f - fTri) < 1e-10 * f, `‖A‖² ${f} → ${fTri} tridiagonal`);
    assert.ok(Math.abs(d.reduce((s, x) => s + x, 0) - tr) < 1e-10);
  }
});
