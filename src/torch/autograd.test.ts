import assert from 'node:assert/strict';
import { it } from 'node:test';
import { backward, grad, isGradEnabled, mul, noGrad, pow, scope, sum, tensor } from './index.js';

it('backward accumulates d(sum x²)/dx = 2x', () =>
  scope(() => {
    const x = tensor([1, -2, 3]);
    x.requiresGrad = true;
    backward(sum(pow(x, 2)));
    assert.deepEqual([...x.grad!.data()], [2, -4, 6]);
    backward(sum(pow(x, 2)));
    assert.deepEqual([...x.grad!.data()], [4, -8, 12]);
  }));

it('grad with createGraph differentiates twice: d²(x³)/dx² = 6x', () =>
  scope(() => {
    const x = tensor([0.5, 2]);
    x.requiresGrad = true;
    const [g] = grad([sum(pow(x, 3))], [x], { createGraph: true });
    assert.deepEqual([...g!.data()], [0.75, 12]);
    const [gg] = grad([sum(g!)], [x]);
    assert.deepEqual([...gg!.data()], [3, 12]);
  }));

it('noGrad records no graph and restores the mode, even on throw', () =>
  scope(() => {
    const x = tensor([1]);
    x.requiresGrad = true;
    assert.equal(noGrad(() => mul(x, 2)).requiresGrad, false);
    assert.throws(() =>
      noGrad(() => {
        throw new Error('x');
      }),
    );
    assert.equal(isGradEnabled(), true);
    assert.equal(mul(x, 2).requiresGrad, true);
  }));

it('grad of an unused input is an error unless allowUnused', () =>
  scope(() => {
    const x = tensor([1]);
    const y = tensor([2]);
    x.requiresGrad = y.requiresGrad = true;
    assert.throws(() => grad([mul(x, 3)], [x, y]), /libtorch:/);
    const [gx, gy] = grad([mul(x, 3)], [x, y], { allowUnused: true });
    assert.equal(gx!.item(), 3);
    assert.equal(gy, null);
  }));
