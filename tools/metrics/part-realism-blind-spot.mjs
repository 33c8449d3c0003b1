// What eval's real-looking-parts measure cannot see, and the detail-kept gate beside it (src/metrics/part-detail.ts):
// held-out faces 500–599 as they are, with the mouth's box filled with its mean colour, and with the box blurred (a
// 5 × 5 box) or the whole face blurred by Gaussians of 0.5 and 1 px; for each, the share of mouths and eyes inside
// the manifold of eval's 2,000 training faces, and the median detail kept (mean |Laplacian|, altered over original).
// Run after `npm ci` (which builds dist/): node tools/metrics/part-realism-blind-spot.mjs [dataset]
import { loadFaceDataset } from '../../dist/src/data/face-dataset.js';
import { partBox } from '../../dist/src/face/part-boxes.js';
import { readImage } from '../../dist/src/image/image-io.js';
import { evaluationSplit, partReferences } from '../../dist/src/infer/evaluate-edits.js';
import { PartDescriptors, PartManifolds } from '../../dist/src/metrics/part-realism.js';
import { blurredImage, partDetail } from '../../dist/src/metrics/part-detail.js';

const data = loadFaceDataset(process.argv[2] ?? '../shared/datasets/faces128');
const refs = new PartDescriptors();
for (const id of partReferences(data, 2000)) refs.add(await readImage(data.images.get(id)));
const manifolds = await PartManifolds.of(refs);

const S = 128;
const mouth = partBox('mouth', S);
/** The mouth's box with every pixel replaced by f(x, y, channel) of the original. */
function inMouth(img, f) {
  const data = img.data.slice();
  for (let y = mouth.top; y < mouth.top + mouth.height; y++)
    for (let x = mouth.left; x < mouth.left + mouth.width; x++)
      for (let c = 0; c < 3; c++) data[(y * S + x) * 3 + c] = Math.round(f(x, y, c));
  return { ...img, data };
}
const px = (img, x, y, c) => img.data[(y * S + x) * 3 + c];
const flat = (img) => {
  const mean = [0, 1, 2].map((c) => {
    let s = 0;
    for (let y = mouth.top; y < mouth.top + mouth.height; y++)
      for (let x = mouth.left; x < mouth.left + mouth.width; x++) s += px(img, x, y, c);
    return s / (mouth.width * mouth.height);
  });
  return inMouth(img, (x, y, c) => mean[c]);
};
const box = (img) =>
  inMouth(img, (x, y, c) => {
    let s = 0;
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) s += px(img, x + dx, y + dy, c);
    return s / 25;
  });
const gauss = (sigma) => (img) => blurredImage(img, sigma);

const variants = {
  'as they are': (i) => i,
  'mouth flat': flat,
  'mouth box-blurred': box,
  'Gaussian 0.5 px': gauss(0.5),
  'Gaussian 1 px': gauss(1),
};
const { inputs } = evaluationSplit(data, 100, 500);
const originals = await Promise.all(inputs.map((id) => readImage(data.images.get(id))));
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
console.log('held-out faces 500–599        inside: mouth  eyes   detail kept: mouth  eyes');
for (const [name, f] of Object.entries(variants)) {
  const parts = new PartDescriptors();
  const kept = { mouth: [], eyes: [] };
  for (const img of originals) {
    const v = f(img);
    parts.add(v);
    for (const p of ['mouth', 'eyes']) kept[p].push(partDetail(v, p) / partDetail(img, p));
  }
  const inside = await manifolds.precision(parts);
  console.log(
    name.padEnd(30),
    `${inside.mouth.toFixed(2).padStart(13)} ${inside.eyes.toFixed(2).padStart(5)}`,
    `${median(kept.mouth).toFixed(2).padStart(19)} ${median(kept.eyes).toFixed(2).padStart(5)}`,
  );
}
