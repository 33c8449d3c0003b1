import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { before, it } from 'node:test';
import { loadFaceDataset } from '../data/face-dataset.js';
import { blankImage, type RgbImage } from '../image/rgb-image.js';
import { readImage } from '../image/image-io.js';
import { alignedLandmarks } from './aligned-landmarks.js';
import { FaceDetector, type Point } from './detector.js';
import { TEMPLATE_68 } from './template.js';

const data = loadFaceDataset(resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets', 'faces128'));
let detector: FaceDetector;
before(async () => {
  detector = await FaceDetector.load();
});

const meanDistance = (a: readonly Point[], b: readonly Point[]) =>
  a.reduce((s, p, i) => s + Math.hypot(p[0] - b[i]![0], p[1] - b[i]![1]), 0) / a.length;

/** The crop moved right by dx pixels (the left columns black). */
function shifted(img: RgbImage, dx: number): RgbImage {
  const out = blankImage(img.width, img.height);
  for (let y = 0; y < img.height; y++)
    out.data.set(img.data.subarray(y * img.width * 3, (y + 1) * img.width * 3 - dx * 3), (y * img.width + dx) * 3);
  return out;
}

it('the landmarks of aligned test crops lie on the template, in crop pixels, and follow the face when it moves', async () => {
  for (const id of data.test.slice(0, 3)) {
    const crop = await readImage(data.images.get(id)!);
    const marks = await alignedLandmarks(detector, crop);
    assert.ok(marks && marks.length === 68);
    // aligned crops put the rigid points on the template: the 68 within a few pixels of it (32 off with the padding)
    const d = meanDistance(marks, TEMPLATE_68);
    assert.ok(d < 8, `${id}: ${d.toFixed(2)} px from the template`);
    // the padding is taken back off: the face moved 6 px right reads about 6 px right, not 32 off
    const moved = (await alignedLandmarks(detector, shifted(crop, 6)))!;
    const dx = moved.reduce((s, p, i) => s + p[0] - marks[i]![0], 0) / 68;
    assert.ok(Math.abs(dx - 6) < 2, `${id}: moved ${dx.toFixed(2)} px for 6`);
  }
});
