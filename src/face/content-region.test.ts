import assert from 'node:assert/strict';
import { it } from 'node:test';
import { TEMPLATE_68 } from './template.js';
import { contentRegion } from './content-region.js';

const at = (region: Float32Array, size: number, [x, y]: readonly number[]) =>
  region[Math.floor((y! * size) / 128) * size + Math.floor((x! * size) / 128)]!;

it('covers the eyes and the mouth of the template, not the brows, cheeks, nose or chin', () => {
  for (const size of [128, 64]) {
    const r = contentRegion(size);
    // eye centres, the mouth's centre, and a point just below the lower lip (where a dropped jaw opens the mouth)
    for (const i of [37, 40, 43, 46, 62, 66]) assert.equal(at(r, size, TEMPLATE_68[i]!), 1, `landmark ${i} at ${size}`);
    assert.equal(at(r, size, [TEMPLATE_68[57]![0], TEMPLATE_68[57]![1] + 3]), 1);
    // brows, the root and tip of the nose, the cheeks, the chin
    for (const i of [19, 24, 27, 30, 2, 14, 8])
      assert.equal(at(r, size, TEMPLATE_68[i]!), 0, `landmark ${i} at ${size}`);
    // a small share of the face: most of it stays under the shading penalty
    const share = r.reduce((a, b) => a + b, 0) / r.length;
    assert.ok(share > 0.03 && share < 0.12, `share ${share}`);
  }
});

it('gives the eyes or the mouth alone, each the whole region where the other is not', () => {
  const both = contentRegion(128);
  const [eyes, mouth] = [contentRegion(128, 'eyes'), contentRegion(128, 'mouth')];
  for (const i of [37, 40, 43, 46])
    assert.deepEqual([at(eyes, 128, TEMPLATE_68[i]!), at(mouth, 128, TEMPLATE_68[i]!)], [1, 0]);
  for (const i of [62, 66]) assert.deepEqual([at(eyes, 128, TEMPLATE_68[i]!), at(mouth, 128, TEMPLATE_68[i]!)], [0, 1]);
  // the two parts do not meet, so together they are the region of both
  both.forEach((v, k) => assert.equal(Math.max(eyes[k]!, mouth[k]!), v, `pixel ${k}`));
});

it('part boxes: the furrow between the brows, the lids and the lips, fading in from each box edge, nothing outside', () => {
  for (const size of [128, 64]) {
    const r = contentRegion(size, 'boxes');
    // the root of the nose, the eyes, the mouth and its corners, and the furrow's place between the brows
    for (const i of [27, 37, 46, 48, 54, 62]) assert.equal(at(r, size, TEMPLATE_68[i]!), 1, `landmark ${i} at ${size}`);
    assert.equal(at(r, size, [64, 26]), 1);
    // the brows' arches (above the eyes' box), the nose's tip, the cheeks, the chin, the jaw: outside both boxes
    for (const i of [19, 24, 30, 2, 14, 8]) assert.equal(at(r, size, TEMPLATE_68[i]!), 0, `landmark ${i} at ${size}`);
  }
  const r = contentRegion(128, 'boxes');
  // the mouth's box spans x 32–96, y 74–108 at 128 px: 0 on its left edge, rising over 4 pixels, whole beyond
  const row = 90 * 128;
  assert.equal(r[row + 31], 0);
  assert.ok(r[row + 33]! > 0 && r[row + 33]! < 0.5, `${r[row + 33]}`);
  assert.equal(r[row + 40], 1);
  // and that box is the whole region between the eyes' box (y ≤ 52) and the mouth's (y ≥ 74)
  for (let y = 53; y < 74; y++) for (let x = 0; x < 128; x++) assert.equal(r[y * 128 + x], 0, `(${x}, ${y})`);
});
