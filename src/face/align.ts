// Similarity alignment of a face into the canonical 128×128 frame the model was trained on, and the
// bilinear resampling both ways. Coordinates are pixel centres.
import type { RgbImage } from '../image/rgb-image.js';
import { blankImage } from '../image/rgb-image.js';
import type { Point } from './detector.js';
import { apply, fitSimilarity, invert, type Similarity } from './similarity.js';
import { TEMPLATE_68, TEMPLATE_SIZE } from './template.js';

/** Landmarks that move little with expression (OpenFace's rigid set): jaw sides, nose, eye corners. */
export const RIGID_POINTS = [
  1, 2, 3, 4, 12, 13, 14, 15, 27, 28, 29, 31, 32, 33, 34, 35, 36, 39, 40, 41, 42, 45, 46, 47,
];

/** The transform from photo pixels to the canonical crop of `size` pixels. */
export function alignmentFor(landmarks: readonly Point[], size = TEMPLATE_SIZE): Similarity {
  const k = size / TEMPLATE_SIZE;
  const dst = RIGID_POINTS.map((i): Point => [TEMPLATE_68[i]![0] * k, TEMPLATE_68[i]![1] * k]);
  return fitSimilarity(
    RIGID_POINTS.map((i) => landmarks[i]!),
    dst,
  );
}

/** Bilinear sample of channel c at (x, y); outside the image counts as black, as OpenFace fills it. */
function sample(img: RgbImage, x: number, y: number, c: number): number {
  const [x0, y0] = [Math.floor(x), Math.floor(y)];
  const [fx, fy] = [x - x0, y - y0];
  let v = 0;
  for (const [dx, dy, w] of [
    [0, 0, (1 - fx) * (1 - fy)],
    [1, 0, fx * (1 - fy)],
    [0, 1, (1 - fx) * fy],
    [1, 1, fx * fy],
  ] as const) {
    const [px, py] = [x0 + dx, y0 + dy];
    if (w && px >= 0 && py >= 0 && px < img.width && py < img.height) v += w * img.data[(py * img.width + px) * 3 + c]!;
  }
  return v;
}

/** Warps the photo into the aligned crop. */
export function cropAligned(img: RgbImage, toCrop: Similarity, size = TEMPLATE_SIZE): RgbImage {
  const back = invert(toCrop);
  const out = blankImage(size, size);
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      const [x, y] = apply(back, [u, v]);
      for (let c = 0; c < 3; c++) out.data[(v * size + u) * 3 + c] = Math.round(sample(img, x, y, c));
    }
  }
  return out;
}
