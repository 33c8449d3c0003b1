import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { it } from 'node:test';
import { loadFaceDataset } from '../data/face-dataset.js';
import { partBox } from '../face/part-boxes.js';
import { readImage } from '../image/image-io.js';
import type { RgbImage } from '../image/rgb-image.js';
import { boxLight, PartDescriptors, PartManifolds, partDescriptor } from './part-realism.js';

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
  // the last value is the box's light against its surround, weighted by √values (rounding moves it by that much more)
  assert.ok(a.subarray(0, -1).every((v, i) => Math.abs(v - b[i]!) < 0.05));
  const box = partBox('mouth', 128);
  assert.ok(Math.abs(boxLight(img, box) - boxLight(brighter, box)) < 0.02);
});

/** The mouth box darkened as a whole, a hard edge at its border: to the standardised colours it is the same box. */
function darkenMouth(img: RgbImage, darker: number): RgbImage {
  const out = { ...img, data: img.data.slice() };
  const b = partBox('mouth', img.width);
  for (let y = b.top; y < b.top + b.height; y++)
    for (let i = (y * img.width + b.left) * 3; i < (y * img.width + b.left + b.width) * 3; i++)
      out.data[i] = Math.round(img.data[i]! * (1 - darker));
  return out;
}

const NO_DATA = { skip: !existsSync(DATA) && `${DATA} is missing` };

/** 400 training faces and 60 test faces, read once for the tests below. */
const faces = (() => {
  let read: Promise<{ train: RgbImage[]; test: RgbImage[] }> | undefined;
  return () =>
    (read ??= (async () => {
      const data = loadFaceDataset(DATA);
      const load = (ids: string[]) => Promise.all(ids.map((id) => readImage(data.images.get(id)!)));
      return {
        train: await load(data.train.filter((_, i) => i % 37 === 0).slice(0, 400)),
        test: await load(data.test.filter((_, i) => i % 50 === 0).slice(0, 60)),
      };
    })());
})();

async function manifoldOf(lightWeight?: number): Promise<PartManifolds> {
  const references = new PartDescriptors(lightWeight);
  for (const img of (await faces()).train) references.add(img);
  return PartManifolds.of(references);
}

it('real mouths fall inside the real manifold; the same mouths stretched mostly do not', NO_DATA, async () => {
  const manifolds = await manifoldOf();
  const [real, smeared] = [new PartDescriptors(), new PartDescriptors()];
  for (const img of (await faces()).test) {
    real.add(img);
    smeared.add(stretchMouth(img));
  }
  const [p, q] = [await manifolds.precision(real), await manifolds.precision(smeared)];
  assert.ok(p.mouth >= 0.6, `real mouths: ${p.mouth}`);
  assert.ok(q.mouth <= p.mouth - 0.3, `stretched mouths ${q.mouth} against real ${p.mouth}`);
  assert.equal(q.eyes, p.eyes, 'the eyes were not touched');
});

it(
  'a mouth box darkened as a whole mostly falls outside, where the standardised colours alone cannot tell',
  NO_DATA,
  async () => {
    for (const lightWeight of [undefined, 0]) {
      const manifolds = await manifoldOf(lightWeight);
      const [real, darkened] = [new PartDescriptors(lightWeight), new PartDescriptors(lightWeight)];
      for (const img of (await faces()).test) {
        real.add(img);
        darkened.add(darkenMouth(img, 0.3));
      }
      const [p, q] = [await manifolds.precision(real), await manifolds.precision(darkened)];
      if (lightWeight === 0)
        assert.ok(Math.abs(q.mouth - p.mouth) <= 0.05, `colours alone: ${q.mouth} against ${p.mouth}`);
      else assert.ok(q.mouth <= p.mouth - 0.3, `darkened mouths ${q.mouth} against real ${p.mouth}`);
    }
  },
);
