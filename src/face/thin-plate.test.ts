import assert from 'node:assert/strict';
import { it } from 'node:test';
import { solveLinear, ThinPlate } from './thin-plate.js';

it('a thin-plate spline without smoothing passes through its points and keeps an affine field exactly', () => {
  const pts: [number, number][] = [
    [0, 0],
    [10, 0],
    [0, 10],
    [10, 10],
    [4, 6],
    [7, 2],
  ];
  const spline = new ThinPlate(pts);
  const values = [3, -1, 2, 5, 0.5, -2];
  const at = spline.interpolate(values, pts);
  values.forEach((v, i) => assert.ok(Math.abs(at[i]! - v) < 1e-9, `point ${i}`));
  const affine = pts.map(([x, y]) => 1 + 2 * x - 0.5 * y);
  const [q] = spline.interpolate(affine, [[3.3, 8.1]]);
  assert.ok(Math.abs(q! - (1 + 6.6 - 4.05)) < 1e-9, 'an affine field comes back exactly');
});

it('solveLinear solves a system that needs pivoting, and refuses a singular one', () => {
  const x = solveLinear(Float64Array.from([0, 2, 1, 1, 1, 0, 2, 0, 3]), Float64Array.from([7, 3, 11]), 3);
  [1, 2, 3].forEach((v, i) => assert.ok(Math.abs(x[i]! - v) < 1e-12, `x${i}`));
  assert.throws(() => solveLinear(Float64Array.from([1, 2, 2, 4]), Float64Array.from([1, 2]), 2), /singular/);
});

it('map carries each point onto its partner and agrees with interpolating x and y apart', () => {
  const from: [number, number][] = [
    [10, 12],
    [90, 15],
    [50, 60],
    [20, 100],
    [95, 110],
  ];
  const to = from.map(([x, y], i): [number, number] => [x + 3 * Math.sin(i), y - 2 * i]);
  const tps = new ThinPlate(from);
  const at: [number, number][] = [...from, [40, 40], [70, 90]];
  const m = tps.map(to, at);
  const [xs, ys] = [
    tps.interpolate(
      to.map((p) => p[0]),
      at,
    ),
    tps.interpolate(
      to.map((p) => p[1]),
      at,
    ),
  ];
  at.forEach((_, q) => {
    assert.ok(Math.abs(m[2 * q]! - xs[q]!) < 1e-9 && Math.abs(m[2 * q + 1]! - ys[q]!) < 1e-9);
    if (q < to.length) assert.ok(Math.hypot(m[2 * q]! - to[q]![0], m[2 * q + 1]! - to[q]![1]) < 1e-6);
  });
});
