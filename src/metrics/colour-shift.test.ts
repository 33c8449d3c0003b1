import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { RgbImage } from '../image/rgb-image.js';
import { seededRandom } from '../random/seeded-random.js';
import { colourShift, lightnessShift } from './colour-shift.js';

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

it('lightness shift: 0 for moved pixels; a dark smudge of the skin’s own hue over a fifth reads as about a fifth, where colour shift barely moves', () => {
  const img = face();
  const moved = { ...img, data: new Uint8Array(img.data.length) };
  for (let i = 0; i < 64 * 64; i++) moved.data.set(img.data.subarray(3 * i, 3 * i + 3), 3 * ((i * 37) % 4096));
  assert.ok(Math.abs(lightnessShift(img, moved)) < 1e-12);
  const smudged = { ...img, data: Uint8Array.from(img.data) };
  // the same pixels, each channel lowered by 80: lightness falls, Cb and Cr stay
  for (let i = 0; i < 64 * 64 * 0.2; i++)
    for (let c = 0; c < 3; c++) smudged.data[3 * i + c] = img.data[3 * i + c]! - 80;
  const shift = lightnessShift(img, smudged);
  assert.ok(shift > 0.15 && shift <= 820 / 4096 + 1e-9, `${shift}`);
  assert.ok(colourShift(img, smudged) < 0.02, `colour shift ${colourShift(img, smudged)}`);
});
