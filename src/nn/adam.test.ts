import assert from 'node:assert/strict';
import { it } from 'node:test';
import { InvalidOptionError, WeightsMismatchError } from '../errors.js';
import { backward, keep, mul, scope, sum, tensor } from '../torch/index.js';
import { Adam } from './adam.js';
import { parameter } from './module.js';

function quadratic(p: ReturnType<typeof tensor>) {
  // loss = Σ c·p², gradient 2·c·p
  scope(() => backward(sum(mul(mul(p, p), tensor([1, 10, 100])))));
}

it('first step moves each weight by lr against its gradient sign (bias-corrected Adam)', () => {
  const p = parameter(tensor([1, -1, 0.5]));
  const opt = new Adam([['p', p]], { lr: 0.1, betas: [0.5, 0.999] });
  quadratic(p);
  opt.step();
  const v = [...p.data()];
  [0.9, -0.9, 0.4].forEach((want, i) => assert.ok(Math.abs(v[i]! - want) < 1e-6, `${v[i]} vs ${want}`));
  opt.dispose();
  p.dispose();
});

it('saved and reloaded state continues exactly like an uninterrupted run', () => {
  const run = (interrupt: boolean) => {
    const p = parameter(tensor([1, -2, 3]));
    let opt = new Adam([['w', p]], { lr: 0.05, weightDecay: 0.01 });
    for (let i = 0; i < 6; i++) {
      if (interrupt && i === 3) {
        const saved = opt.stateDict();
        opt.dispose();
        opt = new Adam([['w', p]], { lr: 0.05, weightDecay: 0.01 });
        opt.loadStateDict(saved);
      }
      opt.zeroGrad();
      quadratic(p);
      opt.step();
    }
    const out = [...p.data()];
    opt.dispose();
    p.dispose();
    return out;
  };
  assert.deepEqual(run(true), run(false));
});

it('rejects bad options and state from another model', () => {
  const p = keep(tensor([1]));
  assert.throws(() => new Adam([['p', p]], { lr: -1 }), InvalidOptionError);
  assert.throws(() => new Adam([['p', p]], { betas: [1, 0.9] }), /betas/);
  const q = parameter(tensor([1, 2]));
  const other = new Adam([['q', q]]);
  quadraticLike(q);
  other.step();
  const opt = new Adam([['p', parameter(p)]]);
  assert.throws(() => opt.loadStateDict(other.stateDict()), WeightsMismatchError);
});

function quadraticLike(p: ReturnType<typeof tensor>) {
  scope(() => backward(sum(mul(p, p))));
}
