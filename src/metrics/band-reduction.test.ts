import assert from 'node:assert/strict';
import { it } from 'node:test';
import { bandToTridiagonal, bandWidth, denseToBand } from './band-reduction.js';
import { seededRandom } from './prng.js';

/** A random symmetric n × n matrix, entries uniform in [−1, 1), garbage above the diagonal (only the lower is read). */
function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = seededRandom(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = 2 * rng() - 1;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = 99;
  return a;
}

const frobenius2 = (a: Float64Array, n: number) => {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) s += (j < i ? 2 : 1) * a[i * n + j]! ** 2;
  return s;
};

/** From lower band storage: the trace, the squared Frobenius norm and the largest entry beyond `beyond` of the
 * diagonal. */
function bandFigures(w: Float64Array, n: number, b: number, beyond: number) {
  const width = bandWidth(b);
  let [tr, f, outside] = [0, 0, 0];
  for (let i = 0; i < n; i++)
    for (let t = 0; t < width && t <= i; t++) {
      const x = w[i * width + t]!;
      if (t === 0) tr += x;
      f += (t === 0 ? 1 : 2) * x * x;
      if (t > beyond) outside = Math.max(outside, Math.abs(x));
    }
  return { tr, f, outside };
}

it('each stage keeps the spectrum (its Frobenius norm and trace) and leaves zeros outside its band', async () => {
  for (const [n, b] of [
    [37, 4],
    [150, 16],
    [200, 16],
    [130, 32],
  ] as const) {
    const a = randomSymmetric(n, n);
    let tr = 0;
    for (let i = 0; i < n; i++) tr += a[i * n + i]!;
    const f = frobenius2(a, n);
    const band = await denseToBand(a, n, b);
    const one = bandFigures(band, n, b, b);
    assert.ok(Math.abs(tr - one.tr) < 1e-11, `trace ${tr} → ${one.tr}`);
    assert.ok(Math.abs(f - one.f) < 1e-10 * f, `‖A‖² ${f} → ${one.f}`);
    assert.equal(one.outside, 0, 'nothing beyond the band');
    const { d, e } = bandToTridiagonal(band, n, b);
    const two = bandFigures(band, n, b, 1);
    assert.ok(two.outside < 1e-12, `tridiagonal: ${two.outside} beyond the subdiagonal`);
    const fTri = d.reduce((s, x) => s + x * x, 0) + 2 * e.slice(0, n - 1).reduce((s, x) => s + x * x, 0);
    assert.ok(Math.abs(f - fTri) < 1e-10 * f, `‖A‖² ${f} → ${fTri} tridiagonal`);
    assert.ok(Math.abs(d.reduce((s, x) => s + x, 0) - tr) < 1e-10);
  }
});
