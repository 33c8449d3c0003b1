import assert from 'node:assert/strict';
import { it } from 'node:test';
import { kernelSums } from './kernel-sums.js';
import { seededRandom } from './prng.js';

/** The sums by definition, a double loop. */
function direct(x: Float64Array, m: number, y: Float64Array, n: number, d: number, g: number, c: number, p: number) {
  const k = (a: Float64Array, i: number, b: Float64Array, j: number) => {
    let dot = 0;
    for (let t = 0; t < d; t++) dot += a[i * d + t]! * b[j * d + t]!;
    return (g * dot + c) ** p;
  };
  const all = (a: Float64Array, ra: number, b: Float64Array, rb: number) => {
    let s = 0;
    for (let i = 0; i < ra; i++) for (let j = 0; j < rb; j++) s += k(a, i, b, j);
    return s;
  };
  const diagonal = (a: Float64Array, r: number) => {
    let s = 0;
    for (let i = 0; i < r; i++) s += k(a, i, a, i);
    return s;
  };
  return {
    xx: all(x, m, x, m),
    yy: all(y, n, y, n),
    xy: all(x, m, y, n),
    xDiagonal: diagonal(x, m),
    yDiagonal: diagonal(y, n),
  };
}

it('kernel sums equal the double loop, for sets of uneven and tiny sizes (fewer rows than panels) and other kernels', async () => {
  const rng = seededRandom(3);
  for (const [m, n, d, kernel] of [
    [11, 7, 5, { gamma: 1 / 5, coef0: 1, degree: 3 }],
    [2, 3, 4, { gamma: 0.7, coef0: -0.5, degree: 2 }],
    [9, 1, 3, { gamma: 1 / 3, coef0: 1, degree: 1 }],
  ] as const) {
    const x = Float64Array.from({ length: m * d }, () => rng() * 2 - 1);
    const y = Float64Array.from({ length: n * d }, () => rng() * 2 - 1);
    const got = await kernelSums(x, m, y, n, d, kernel);
    const want = direct(x, m, y, n, d, kernel.gamma, kernel.coef0, kernel.degree);
    for (const key of Object.keys(want) as (keyof typeof want)[])
      assert.ok(
        Math.abs(got[key] - want[key]) <= 1e-12 * Math.max(1, Math.abs(want[key])),
        `${m}×${n}, degree ${kernel.degree}: ${key} ${got[key]} vs ${want[key]}`,
      );
  }
});
