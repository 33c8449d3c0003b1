import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { readImage } from '../image/image-io.js';
import { cropImage, type RgbImage } from '../image/rgb-image.js';
import { fhog, fhogCells, FHOG_FEATURES, type Square } from './fhog.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const faces = resolve(root, '..', 'shared', 'datasets', 'faces128');

/** The independent numpy implementation's features of the square r of img. */
function numpyFhog(img: RgbImage, r: Square): number[] {
  const sq = cropImage(img, { left: r.left, top: r.top, width: r.size, height: r.size });
  const input = JSON.stringify([r.size, r.size, Array.from(sq.data)]);
  const script = resolve(root, 'src', 'face', 'fhog_reference.py');
  return JSON.parse(execFileSync('/usr/bin/python3', [script], { input, maxBuffer: 1 << 26 }).toString());
}

function assertClose(ours: Float32Array, theirs: number[], what: string): void {
  assert.equal(ours.length, theirs.length, `${what}: feature count`);
  let worst = 0;
  theirs.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - ours[i]!))));
  assert.ok(worst < 1e-6, `${what}: largest difference from numpy ${worst}`);
}

test("fhog: real faces give numpy's features of the same square within 1e-6", async () => {
  const ids = readFileSync(resolve(faces, 'test_ids.csv'), 'utf8').split('\n').slice(0, 2);
  for (const id of ids) {
    const face = await readImage(resolve(faces, 'imgs', `${id}.jpg`));
    const square = { left: 8, top: 8, size: 112 };
    const ours = fhog(face, square);
    assert.equal(ours.length, fhogCells(112) ** 2 * FHOG_FEATURES);
    assertClose(ours, numpyFhog(face, square), id);
    assert.ok(ours.every((v) => v >= 0 && v <= 0.5) && ours.some((v) => v > 0.1), `${id}: clipped, not empty`);
  }
});

test('fhog: reads only its square, at any offset; a flat image has no gradient', () => {
  let s = 5;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) % 256;
  const img: RgbImage = { width: 70, height: 60, data: Uint8Array.from({ length: 70 * 60 * 3 }, next) };
  const square = { left: 13, top: 7, size: 48 };
  const ours = fhog(img, square);
  assertClose(ours, numpyFhog(img, square), 'noise');
  const outside = { ...img, data: img.data.map((v, i) => (Math.floor(i / 3) % 70 < 13 ? 255 - v : v)) };
  assert.deepEqual(fhog(outside, square), ours, 'pixels left of the square are not read');
  const flat = fhog(
    { width: 32, height: 32, data: new Uint8Array(32 * 32 * 3).fill(90) },
    { left: 0, top: 0, size: 32 },
  );
  assert.ok(flat.every((v) => v === 0));
});
