import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { RgbImage } from '../image/rgb-image.js';
import { seededRandom } from '../random/seeded-random.js';
import { colourShift } from './colour-shift.js';

const face = (): RgbImage => {
  const rand = seededRandom(3);
  const data = new Uint8Array(64 * 64 * 3);
  for (let i = 0; i < 64 * 64; i++) data.set([150 + rand() * 60, 100 + rand() * 40, 80 + rand() * 40], 3 * i);
  return { width: 64, height: 64, data };
};

it('colour shift: 0 for the same image and for its pixels moved anywhere; a green patch over a fifth of it reads as about a fifth', () => {
  const img = face();
  assert.equal(colourShift(img, img), 0);
  const moved = { ...img, data: new Uint8Array(img.data.length) };
  for (let i = 0; i < 64 * 64; i++) moved.data.set(img.data.subarray(3 * i, 3 * i + 3), 3 * ((i * 37) % 4096)); // 37 is coprime with 4096: a permutation
  assert.ok(Math.abs(colourShift(img, moved)) < 1e-12);
  const patched = { ...img, data: Uint8Array.from(img.data) };
  for (let i = 0; i < 64 * 64 * 0.2; i++) patched.data.set([60, 140, 50], 3 * i);
  const shift = colourShift(img, patched);
  assert.ok(shift > 0.19 && shift <= 820 / 4096 + 1e-9, `${shift}`);
});
