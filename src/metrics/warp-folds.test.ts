import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FoldMeter, foldedShare } from './warp-folds.js';

/** x offset k·(pixel x) in pixels for columns ≥ from, 0 before; y offset 0. */
function xRamp(size: number, k: number, from = 0) {
  const flow = new Float32Array(2 * size * size);
  for (let y = 0; y < size; y++)
    for (let x = from; x < size; x++) flow[y * size + x] = (k * (x - from) * 2) / (size - 1);
  return flow;
}

it('warp folds: shifts and stretches do not fold; a mirror folds everywhere; a mirrored right half folds half', () => {
  assert.equal(foldedShare(new Float32Array(2 * 64).fill(0.4), 8), 0);
  assert.equal(foldedShare(xRamp(8, -0.7), 8), 0, 'a stretch (det 0.3)');
  assert.equal(foldedShare(xRamp(8, -2), 8), 1, 'x → −x');
  assert.ok(Math.abs(foldedShare(xRamp(9, -2, 4), 9) - 0.5) < 1e-9);
  assert.throws(() => foldedShare(new Float32Array(10), 8), /8×8 has 128 values, got 10/);
  const m = new FoldMeter();
  m.add(xRamp(8, -2), 8);
  m.add(new Float32Array(128), 8);
  assert.deepEqual(m.summary(), { pixelShare: 0.5, editShare: 0.5, count: 2 });
});
