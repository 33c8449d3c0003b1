import assert from 'node:assert/strict';
import { it } from 'node:test';
import { OneEuroFilter } from './one-euro.js';

/** Deterministic jitter, uniform in ±0.2 and uncorrelated from frame to frame. */
const noise = (k: number) => {
  const x = Math.sin(k * 12.9898 + 78.233) * 43758.5453;
  return (x - Math.floor(x) - 0.5) * 0.4;
};

it('a still signal with jitter comes out steadier; a step is followed within a few frames', () => {
  const f = new OneEuroFilter({ minCutoff: 1, beta: 1, dCutoff: 1 });
  const out: number[] = [];
  for (let k = 0; k < 60; k++) out.push(f.filter([2 + noise(k)], 1 / 30)[0]!);
  const wobble = (xs: number[]) => xs.slice(1).reduce((s, x, i) => s + Math.abs(x - xs[i]!), 0) / (xs.length - 1);
  const raw = Array.from({ length: 60 }, (_, k) => 2 + noise(k));
  assert.ok(
    wobble(out.slice(10)) < 0.3 * wobble(raw.slice(10)),
    `filtered ${wobble(out.slice(10))} vs raw ${wobble(raw.slice(10))}`,
  );
  // a jump from 2 to 4: fast moves raise the cutoff, so it gets most of the way in 6 frames
  let y = 0;
  for (let k = 0; k < 6; k++) y = f.filter([4], 1 / 30)[0]!;
  assert.ok(y > 3.5, `after 6 frames ${y}`);
  const slow = new OneEuroFilter({ minCutoff: 1, beta: 0, dCutoff: 1 });
  slow.filter([2], 1 / 30);
  let z = 0;
  for (let k = 0; k < 6; k++) z = slow.filter([4], 1 / 30)[0]!;
  assert.ok(z < y, 'beta 0 lags more');
});

it('the first value passes through; bad parameters are refused', () => {
  assert.deepEqual([...new OneEuroFilter({ minCutoff: 1, beta: 0, dCutoff: 1 }).filter([1, 2, 3], 0.04)], [1, 2, 3]);
  assert.throws(() => new OneEuroFilter({ minCutoff: 0, beta: 0, dCutoff: 1 }), /minCutoff must be above 0/);
});
