import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MIRROR_68, symmetricPart } from './mirror.js';

it('MIRROR_68 pairs each landmark with one other, twice over back to itself; symmetricPart keeps what the mirror keeps', () => {
  MIRROR_68.forEach((m, l) => assert.equal(MIRROR_68[m], l, `landmark ${l}`));
  // a motion of landmark 36 (an eye's outer corner) alone: half stays there, half goes to 45 mirrored
  const motion = new Array<number>(136).fill(0);
  motion[2 * 36] = 2;
  motion[2 * 36 + 1] = -1;
  const s = symmetricPart(motion);
  assert.deepEqual([s[72], s[73], s[90], s[91]], [1, -0.5, -1, -0.5]);
  assert.equal(
    s.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0),
    4,
  );
  // a symmetric motion is its own symmetric part
  assert.deepEqual([...symmetricPart(s)], [...s]);
});
