import assert from 'node:assert/strict';
import { it } from 'node:test';
import { add, keep, liveTensors, mul, ones, scope, sum } from './index.js';

it('scope disposes intermediates and keeps what it returns', () => {
  const before = liveTensors();
  const out = scope(() => {
    const a = ones([4, 4]);
    const b = mul(a, 3);
    return { total: sum(add(a, b)) };
  });
  assert.equal(out.total.item(), 64);
  assert.equal(liveTensors(), before + 1);
  out.total.dispose();
  assert.equal(liveTensors(), before);
});

it('nested scopes hand returned tensors to the enclosing scope', () => {
  const before = liveTensors();
  scope(() => {
    const inner = scope(() => mul(ones([2]), 2));
    assert.equal(inner.isDisposed, false);
    assert.equal(liveTensors(), before + 1);
  });
  assert.equal(liveTensors(), before);
});

it('keep() exempts a tensor; a throwing scope still frees its tensors', () => {
  const before = liveTensors();
  let kept!: ReturnType<typeof ones>;
  assert.throws(
    () =>
      scope(() => {
        kept = keep(ones([3]));
        ones([5]);
        throw new Error('boom');
      }),
    /boom/,
  );
  assert.equal(liveTensors(), before + 1);
  assert.equal(kept.data().length, 3);
  kept.dispose();
  assert.equal(liveTensors(), before);
});

it('a disposed tensor says so instead of crashing', () => {
  const t = ones([2]);
  t.dispose();
  assert.throws(() => t.data(), /disposed/);
});
