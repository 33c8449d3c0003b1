// How far each face detector's alignment lands from the dataset's own: faces128's crops are already
// in the canonical frame (OpenFace-aligned), so a crop centred on a grey canvas has a known ideal
// transform (a shift by the padding). Each detector finds the face, its landmarks give the aligned
// transform, and the error is the mean distance (px of 128) between where that transform and the
// ideal one send a grid of points. This is the measurement behind the default detector.
//   node dist/tools/detector-alignment.js [--data ../shared/datasets/faces128] [--faces 60]
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadFaceDataset } from '../src/data/face-dataset.js';
import { alignmentFor } from '../src/face/align.js';
import { type DetectorModel, FaceDetector, greyPad } from '../src/face/detector.js';
import { apply, type Similarity } from '../src/face/similarity.js';
import { readImage } from '../src/image/image-io.js';

const root = resolve(import.meta.dirname, '..', '..');
const { values: v } = parseArgs({
  options: {
    data: { type: 'string', default: join(root, '..', 'shared', 'datasets', 'faces128') },
    faces: { type: 'string', default: '60' },
  },
});
const PAD = 160; // a 448 px canvas: over the tight-crop size, so both detectors look at it as it is
const data = loadFaceDataset(v.data!);
const ids = data.test.filter((_, i) => i % 17 === 0).slice(0, Number(v.faces));
const ideal: Similarity = { a: 1, b: 0, tx: -PAD, ty: -PAD };
const error = (t: Similarity) => {
  let e = 0;
  let n = 0;
  for (let y = 0; y < 128; y += 8) {
    for (let x = 0; x < 128; x += 8) {
      const [a, b] = [apply(t, [x + PAD, y + PAD]), apply(ideal, [x + PAD, y + PAD])];
      e += Math.hypot(a[0] - b[0], a[1] - b[1]);
      n++;
    }
  }
  return e / n;
};
const result: Record<string, number> = { faces: ids.length };
for (const model of ['ssd', 'fast'] as DetectorModel[]) {
  const detector = await FaceDetector.load({ model });
  const errors: number[] = [];
  let missed = 0;
  const start = performance.now();
  for (const id of ids) {
    const [face] = await detector.detect(greyPad(await readImage(data.images.get(id)!), PAD));
    if (face) errors.push(error(alignmentFor(face.landmarks, 128)));
    else missed++;
  }
  errors.sort((a, b) => a - b);
  result[`${model}_error_px`] = Math.round((errors.reduce((s, x) => s + x, 0) / errors.length) * 1000) / 1000;
  result[`${model}_error_p90_px`] = Math.round(errors[Math.floor(0.9 * (errors.length - 1))]! * 1000) / 1000;
  result[`${model}_missed`] = missed;
  result[`${model}_ms_per_face`] = Math.round((performance.now() - start) / ids.length);
}
console.log(JSON.stringify(result));
