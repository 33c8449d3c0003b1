import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { it } from 'node:test';
import { loadFaceDataset } from '../data/face-dataset.js';
import { partBox } from '../face/part-boxes.js';
import { readImage } from '../image/image-io.js';
import type { RgbImage } from '../image/rgb-image.js';
import { PartDescriptors, PartManifolds, partDescriptor } from './part-realism.js';

const DATA = '../shared/datasets/faces128';

/** The mouth box stretched 4× vertically about its middle row, as a warp that opens a mouth by moving its pixels
 * stretches lips and teeth into vertical streaks. */
function stretchMouth(img: RgbImage): RgbImage {
  const out = { ...img, data: img.data.slice() };
  const b = partBox('mouth', img.width);
  const mid = b.top + b.height / 2;
  for (let y = b.top; y < b.top + b.height; y++) {
    const from = Math.round(mid + (y - mid) / 4);
    out.data.set(
      img.data.subarray((from * img.width + b.left) * 3, (from * img.width + b.left + b.width) * 3),
      (y * img.width + b.left) * 3,
    );
  }
  return out;
}

it('part boxes lie inside the crop at any size; descriptors ignore brightness and contrast', () => {
  for (const size of [64, 128, 256])
    for (const part of ['mouth', 'eyes'] as const) {
      const b = partBox(part, size);
      assert.ok(
        b.left >= 0 && b.top >= 0 && b.left + b.width <= size && b.top + b.height <= size,
        `${part} at ${size}`,
      );
    }
  const img: RgbImage = {
    width: 128,
    height: 128,
    data: Uint8Array.from({ length: 128 * 128 * 3 }, (_, i) => (i * 7) % 200),
  };
  const brighter = { ...img, data: img.data.map((v) => Math.round(v / 2) + 40) };
  const [a, b] = [partDescriptor(img, 'mouth'), partDescriptor(brighter, 'mouth')];
  assert.ok(a.every((v, i) => Math.abs(v - b[i]!) < 0.05));
});

it(
  'real mouths fall inside the real manifold; the same mouths stretched mostly do not',
  { skip: !existsSync(DATA) && `${DATA} is missing` },
  async () => {
    const data = loadFaceDataset(DATA);
    const references = new PartDescriptors();
    for (const id of data.train.filter((_, i) => i % 37 === 0).slice(0, 400))
      references.add(await readImage(data.images.get(id)!));
    const manifolds = await PartManifolds.of(references);
    const [real, smeared] = [new PartDescriptors(), new PartDescriptors()];
    for (const id of data.test.filter((_, i) => i % 50 === 0).slice(0, 60)) {
      const img = await readImage(data.images.get(id)!);
      real.add(img);
      smeared.add(stretchMouth(img));
    }
    const [p, q] = [await manifolds.precision(real), await manifolds.precision(smeared)];
    assert.ok(p.mouth >= 0.6, `real mouths: ${p.mouth}`);
    assert.ok(q.mouth <= p.mouth - 0.3, `stretched mouths ${q.mouth} against real ${p.mouth}`);
    assert.equal(q.eyes, p.eyes, 'the eyes were not touched');
  },
);
