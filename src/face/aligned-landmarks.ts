// face-api's 68 landmarks on a crop already aligned to the template (faces128's crops, frames written by
// infer/video-frames.ts): no detection, the landmark net reads the template's face box, widened a little, on the crop
// padded with black so that a box reaching past the crop's edge keeps its shape.
import type { RgbImage } from '../image/rgb-image.js';
import { blankImage } from '../image/rgb-image.js';
import type { FaceDetector, Point } from './detector.js';
import { landmarkBounds } from './face-tracker.js';
import { TEMPLATE_68, TEMPLATE_SIZE } from './template.js';

const PAD = 32;
const MARGIN = 0.08;

/** The 68 landmarks (crop pixels) of an aligned crop of the template's size, or undefined where the net finds none. */
export async function alignedLandmarks(detector: FaceDetector, crop: RgbImage): Promise<Point[] | undefined> {
  const k = crop.width / TEMPLATE_SIZE;
  const box = landmarkBounds(TEMPLATE_68.map(([x, y]): Point => [x * k, y * k]));
  const margin = MARGIN * box.width;
  const padded = blankImage(crop.width + 2 * PAD, crop.height + 2 * PAD);
  for (let y = 0; y < crop.height; y++)
    padded.data.set(
      crop.data.subarray(y * crop.width * 3, (y + 1) * crop.width * 3),
      ((y + PAD) * padded.width + PAD) * 3,
    );
  const marks = await detector.landmarksIn(padded, {
    x: box.x + PAD - margin,
    y: box.y + PAD - margin,
    width: box.width + 2 * margin,
    height: box.height + 2 * margin,
  });
  return marks?.map(([x, y]): Point => [x - PAD, y - PAD]);
}
