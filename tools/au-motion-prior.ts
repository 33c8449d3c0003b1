// Makes src/models/ganimation/networks/au-motion-prior-data.ts: how each Action Unit moves face-api's 68
// landmarks in faces128's aligned 128×128 frame, measured on the dataset itself. The landmark net reads
// each training crop inside the template's box (the crops are aligned, so no detection is needed), and a
// least-squares fit of the 136 coordinates on the 17 raw AU intensities (with an intercept) gives, per
// AU, the pixels each landmark moves per unit of intensity — identity and pose are the residual. The
// flow generator turns these into its motion prior (au-motion-prior.ts).
// Run: node dist/tools/au-motion-prior.js [../shared/datasets/faces128] [count]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AU_COUNT } from '../src/au/index.js';
import { loadFaceDataset } from '../src/data/face-dataset.js';
import { FaceDetector } from '../src/face/detector.js';
import { alignmentFor } from '../src/face/align.js';
import type { Point } from '../src/face/detector.js';
import { landmarkBounds } from '../src/face/face-tracker.js';
import { apply } from '../src/face/similarity.js';
import { MIRROR_68 } from '../src/face/mirror.js';
import { TEMPLATE_68 } from '../src/face/template.js';
import { blankImage } from '../src/image/rgb-image.js';
import { readImage } from '../src/image/image-io.js';
import { Progress } from '../src/io/progress.js';
import { solveLinear } from '../src/face/thin-plate.js';

const root = resolve(import.meta.dirname, '..', '..');
const data = loadFaceDataset(process.argv[2] ?? resolve(root, '..', 'shared', 'datasets', 'faces128'));
const count = Math.min(Number(process.argv[3] ?? 8000), data.train.length);
const step = data.train.length / count;
const ids = Array.from({ length: count }, (_, k) => data.train[Math.floor(k * step)]!);
const PAD = 32;
const box = landmarkBounds(TEMPLATE_68);
const margin = 0.08 * box.width;
const padBox = {
  x: box.x + PAD - margin,
  y: box.y + PAD - margin,
  width: box.width + 2 * margin,
  height: box.height + 2 * margin,
};

// the landmarks of every crop, kept between runs (the slow part: about 60 crops/s)
const cache = join(tmpdir(), `ganimate-au-motion-landmarks-${count}.json`);
const found: { id: string; marks: Point[] }[] = existsSync(cache) ? JSON.parse(readFileSync(cache, 'utf8')) : [];
if (!found.length) {
  const detector = await FaceDetector.load();
  const bar = new Progress(count, 'landmarks', 'faces');
  for (const id of ids) {
    const crop = await readImage(data.images.get(id)!);
    const padded = blankImage(crop.width + 2 * PAD, crop.height + 2 * PAD);
    for (let y = 0; y < crop.height; y++)
      padded.data.set(
        crop.data.subarray(y * crop.width * 3, (y + 1) * crop.width * 3),
        ((y + PAD) * padded.width + PAD) * 3,
      );
    const marks = await detector.landmarksIn(padded, padBox);
    bar.tick();
    if (marks) found.push({ id, marks: marks.map(([x, y]): Point => [x - PAD, y - PAD]) });
  }
  writeFileSync(cache, JSON.stringify(found));
}
// each face's landmarks brought onto the template by its rigid points, so head pose and placement, which
// correlate with some AU labels, are not read as motion
const X: number[][] = [];
const Y: number[][] = [];
for (const { id, marks } of found) {
  const toTemplate = alignmentFor(marks);
  X.push([1, ...data.aus.get(id)!]);
  Y.push(marks.flatMap((m) => apply(toTemplate, m)));
}

// ordinary least squares: (XᵀX) B = XᵀY, with a small ridge on the AU columns (rare AUs)
const p = AU_COUNT + 1;
const xtx = new Float64Array(p * p);
const xty = Array.from({ length: 136 }, () => new Float64Array(p));
for (let n = 0; n < X.length; n++) {
  const x = X[n]!;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) xtx[i * p + j] = xtx[i * p + j]! + x[i]! * x[j]!;
    for (let c = 0; c < 136; c++) xty[c]![i] = xty[c]![i]! + x[i]! * Y[n]![c]!;
  }
}
for (let i = 1; i < p; i++) xtx[i * p + i] = xtx[i * p + i]! + 1e-3 * X.length;
const coef = xty.map((b) => solveLinear(xtx, b, p)); // [136][p]
// residual spread, to report how much the AUs explain
let total = 0;
let left = 0;
const mean = coef.map((c) => c[0]!);
for (let n = 0; n < X.length; n++)
  for (let c = 0; c < 136; c++) {
    const fit = coef[c]!.reduce((s, b, i) => s + b * X[n]![i]!, 0);
    total += (Y[n]![c]! - mean[c]!) ** 2;
    left += (Y[n]![c]! - fit) ** 2;
  }
// OpenFace's intensities are bilateral: each AU's motion is averaged with its mirror image (left and right
// landmarks swapped, x negated), which also cancels what is left of head turn
const perAu = Array.from({ length: AU_COUNT }, (_, k) =>
  Array.from({ length: 68 }, (_, l) => {
    const m = MIRROR_68[l]!;
    return [
      round((coef[2 * l]![k + 1]! - coef[2 * m]![k + 1]!) / 2),
      round((coef[2 * l + 1]![k + 1]! + coef[2 * m + 1]![k + 1]!) / 2),
    ];
  }),
);
function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
const out = `// Generated by tools/au-motion-prior.ts from ${X.length} faces128 training crops; do not edit.
// Per AU (SPEC order), the pixels each of face-api's 68 landmarks moves per unit of raw intensity, in the
// aligned 128×128 frame (rigidly aligned, least squares with an intercept, mirror-averaged; the AUs explain ${((1 - left / total) * 100).toFixed(1)} % of the landmarks' spread).
export const AU_LANDMARK_MOTION: readonly (readonly (readonly [number, number])[])[] = [
${perAu.map((m) => `  ${JSON.stringify(m)},`).join('\n')}
];
`;
writeFileSync(join(root, 'src', 'models', 'ganimation', 'networks', 'au-motion-prior-data.ts'), out);
process.stderr.write(
  `wrote the motion of ${AU_COUNT} AUs from ${X.length} faces; explained ${((1 - left / total) * 100).toFixed(1)} %\n`,
);
