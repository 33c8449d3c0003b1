import assert from 'node:assert/strict';
import { it } from 'node:test';
import { boxBlur } from './box-blur.js';

it('a box blur keeps a constant map, spreads a spike over its window and clips windows at the border', () => {
  const s = 9;
  assert.ok(boxBlur(new Float64Array(s * s).fill(2.5), s, 2).every((v) => Math.abs(v - 2.5) < 1e-12));
  const spike = new Float64Array(s * s);
  spike[4 * s + 4] = 25;
  const b = boxBlur(spike, s, 2);
  assert.ok(Math.abs(b[4 * s + 4]! - 1) < 1e-12, 'the centre: 25 over a 5 × 5 window');
  assert.ok(Math.abs(b[2 * s + 6]! - 1) < 1e-12 && b[1 * s + 4] === 0, 'inside the window 1, outside 0');
  const corner = new Float64Array(s * s);
  corner[0] = 9;
  assert.ok(Math.abs(boxBlur(corner, s, 2)[0]! - 1) < 1e-12, 'the corner window holds 3 × 3 pixels, not 5 × 5');
});
