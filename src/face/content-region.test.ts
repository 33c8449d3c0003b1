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
