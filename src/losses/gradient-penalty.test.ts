import assert from 'node:assert/strict';
import { it } from 'node:test';
import { manualSeed, mul, rand, reshape, scope, sum, tensor } from '../torch/index.js';
import { r1Penalty } from './gradient-penalty.js';
import { softplus } from './softplus.js';

it('R1: the mean squared gradient norm at the real images, zero-centred (a linear critic gives ‖w‖², a quadratic one 4‖x‖²)', () =>
  scope(() => {
    manualSeed(1);
    const x = rand([3, 2, 4, 4]);
    const w = rand([1, 2, 4, 4]);
    const linear = (v: typeof x) => reshape(sum(mul(v, w), [1, 2, 3]), [3, 1]);
    const norm2 = w.data().reduce((s, a) => s + a * a, 0);
    assert.ok(Math.abs(r1Penalty(linear, x).item() - norm2) < 1e-4 * norm2);
    const square = (v: typeof x) => reshape(sum(mul(v, v), [1, 2, 3]), [3, 1]);
    const expected = (4 * x.data().reduce((s, a) => s + a * a, 0)) / 3;
    assert.ok(Math.abs(r1Penalty(square, x).item() - expected) < 1e-4 * expected);
  }));

it('softplus: log(1 + eˣ) within float32 rounding, finite where eˣ overflows', () =>
  scope(() => {
    const xs = [-100, -30, -5, -1, -1e-3, 0, 1e-3, 1, 5, 30, 100];
    const got = softplus(tensor(xs, [xs.length])).data();
    xs.forEach((x, i) => {
      const want = x > 30 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
      assert.ok(
        Math.abs(got[i]! - want) <= 1e-6 * Math.max(1, Math.abs(want)) + 1e-30,
        `softplus(${x}) ${got[i]} vs ${want}`,
      );
    });
  }));
