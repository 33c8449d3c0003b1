// What does the part-realism measure (metrics/part-realism.ts) make of light? Real test faces (the eval's inputs 500–599
// by default) are darkened where the flow family's contentColour 'boxes' lets its colour act (the whole of both part
// boxes, fading in over 4 px), by 15, 30 and 50 %, and separately have a 2-px dark line drawn across the mouth's box
// at four heights; each set is read against the manifold of the same training faces `ganimate eval` uses. The measure
// standardises each box's colours, so a darkening of a whole box reads as a change of light, where a line reads as
// structure.
// Run: node dist/tools/part-light-probe.js [--data ../shared/datasets/faces128] [--skip 500] [--faces 100]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadFaceDataset } from '../src/data/face-dataset.js';
import { contentRegion } from '../src/face/content-region.js';
import { partBox } from '../src/face/part-boxes.js';
import { readImage } from '../src/image/image-io.js';
import type { RgbImage } from '../src/image/rgb-image.js';
import { partReferenceCount, partReferences } from '../src/infer/evaluate-edits.js';
import { PartDescriptors, PartManifolds } from '../src/metrics/part-realism.js';

const { values: v } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(import.meta.dirname, '..', '..', '..', 'shared', 'datasets', 'faces128') },
    skip: { type: 'string', default: '500' },
    faces: { type: 'string', default: '100' },
  },
});
const data = loadFaceDataset(v.data);
const refs = new PartDescriptors();
for (const id of partReferences(data, partReferenceCount(data))) refs.add(await readImage(data.images.get(id)!));
const manifolds = await PartManifolds.of(refs);
const skip = Number(v.skip);
const faces: RgbImage[] = [];
for (const id of data.test.slice(skip, skip + Number(v.faces))) faces.push(await readImage(data.images.get(id)!));

/** The share of the faces' mouths and eyes inside the real manifolds, each face changed by `change` first. */
async function read(change: (img: RgbImage) => void): Promise<string> {
  const set = new PartDescriptors();
  for (const face of faces) {
    const img = { ...face, data: Uint8Array.from(face.data) };
    change(img);
    set.add(img);
  }
  const p = await manifolds.precision(set);
  return `mouths ${p.mouth.toFixed(2)}, eyes ${p.eyes.toFixed(2)}`;
}

const size = faces[0]!.width;
const region = contentRegion(size, 'boxes');
for (const darker of [0, 0.15, 0.3, 0.5]) {
  const line = await read((img) => {
    for (let i = 0; i < size * size; i++)
      for (let c = 0; c < 3; c++) img.data[i * 3 + c] = img.data[i * 3 + c]! * (1 - darker * region[i]!);
  });
  console.log(`both boxes ${Math.round(100 * darker)} % darker: ${line}`);
}
const box = partBox('mouth', size);
for (const fromBottom of [2, 5, 11, 18]) {
  const top = box.top + box.height - fromBottom;
  const line = await read((img) => {
    for (let y = top; y < top + 2; y++)
      for (let x = box.left; x < box.left + box.width; x++)
        for (let c = 0; c < 3; c++) img.data[(y * size + x) * 3 + c] = img.data[(y * size + x) * 3 + c]! * 0.5;
  });
  console.log(`a 2-px line at half light across the mouth's box, ${fromBottom} rows from its bottom: ${line}`);
}
