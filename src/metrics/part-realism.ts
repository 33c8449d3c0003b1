// Realism of one face part at a time: the share of the mouths (or eyes) of a set of aligned faces that fall inside the
// manifold of real faces' mouths (manifold-precision.ts). Edits whose mouths turn into blurred bands or vertical smears
// of teeth keep whole-face KID and SWD near real (the mouth is a tenth of the face) while a person sees nothing else.
import type { RgbImage } from '../image/rgb-image.js';
import { type Box, FACE_PARTS, type FacePart, partBox } from '../face/part-boxes.js';
import { RealManifold } from './manifold-precision.js';

/** How much the detail map weighs beside the colours, per value. At 2, mouths of real faces stretched 4× vertically
 * about their middle row (a warp's streaks) fell more than 0.3 below the same mouths unstretched
 * (part-realism.test.ts); at 0 (colours alone), 0.29. */
const DETAIL_WEIGHT = 2;

/** How much the box's light against the skin around it (boxLight) weighs: the one number counts as if every colour
 * value of the box carried it (times √values). At 1, real faces read as before or a little higher (part-realism
 * calibration: 700 ordinary test faces 0.77 / 0.77 against 0.75 / 0.75 without it; the 100 most like disgust, the
 * gates' floor, 0.45 / 0.46 either way) and both boxes darkened as a whole by 15 % fall from 0.84 to 0.65 (mouths)
 * where without it they read 0.82 (tools/part-light-probe.ts); at 2 the k-NN radii of real faces with unusual light
 * grow until a darker box reads more real than a lighter one. */
export const LIGHT_WEIGHT = 1;

/** The skin around a box: a band this many pixels wide (at 128 px) just outside it, read by its median grey so that
 * brows or hair in part of the band do not count. */
const LIGHT_RING = 6;

/** The part's box halved by 2×2 means and standardised over its values (mean 0, std 1), so that lighting and skin tone
 * weigh less than shape and texture; then its detail: the magnitude of the grey image's Laplacian, meaned over the same
 * 2×2 cells, over the box's grey std. Pixel distances alone call a blurred mouth real (it sits near the mean of all
 * mouths); its detail map is near zero where every real mouth has lip edges and teeth. Last, one number: the box's
 * light against the skin around it (boxLight), which the standardised colours cannot see. */
export function partDescriptor(img: RgbImage, part: FacePart, lightWeight = LIGHT_WEIGHT): Float64Array {
  const b = partBox(part, img.width);
  const [w, h] = [b.width >> 1, b.height >> 1];
  const v = new Float64Array(w * h * 4 + 1);
  const px = (x: number, y: number, c: number) => img.data[((b.top + y) * img.width + b.left + x) * 3 + c]!;
  const grey = (x: number, y: number) => 0.299 * px(x, y, 0) + 0.587 * px(x, y, 1) + 0.114 * px(x, y, 2);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++)
        v[(y * w + x) * 3 + c] =
          (px(2 * x, 2 * y, c) + px(2 * x + 1, 2 * y, c) + px(2 * x, 2 * y + 1, c) + px(2 * x + 1, 2 * y + 1, c)) / 4;
  const colours = v.subarray(0, w * h * 3);
  const mean = colours.reduce((s, a) => s + a, 0) / colours.length;
  const sd = Math.sqrt(colours.reduce((s, a) => s + (a - mean) ** 2, 0) / colours.length) + 1e-6;
  for (let i = 0; i < colours.length; i++) colours[i] = (colours[i]! - mean) / sd;
  const detail = v.subarray(w * h * 3, w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let dy = 0; dy < 2; dy++)
        for (let dx = 0; dx < 2; dx++) {
          const [xx, yy] = [
            Math.min(Math.max(2 * x + dx, 1), b.width - 2),
            Math.min(Math.max(2 * y + dy, 1), b.height - 2),
          ];
          s += Math.abs(4 * grey(xx, yy) - grey(xx - 1, yy) - grey(xx + 1, yy) - grey(xx, yy - 1) - grey(xx, yy + 1));
        }
      detail[y * w + x] = (DETAIL_WEIGHT * s) / 4 / sd;
    }
  v[w * h * 4] = lightWeight * Math.sqrt(w * h * 3) * boxLight(img, b);
  return v;
}

const greyAt = (img: RgbImage, i: number) =>
  0.299 * img.data[3 * i]! + 0.587 * img.data[3 * i + 1]! + 0.114 * img.data[3 * i + 2]!;

/** The box's light against the skin around it: its mean grey less the median grey of a band just outside it, over
 * the box's grey std (so that, like the colours, it ignores the whole image's brightness and contrast). The colours
 * are standardised over the box alone, so without this a box darkened as a whole (a dark band over the mouth) reads
 * as real as the box itself. */
export function boxLight(img: RgbImage, b: Box): number {
  const size = img.width;
  const r = Math.max(1, Math.round((LIGHT_RING * size) / 128));
  const ring: number[] = [];
  let [sum, sum2, n] = [0, 0, 0];
  for (let y = Math.max(0, b.top - r); y < Math.min(img.height, b.top + b.height + r); y++)
    for (let x = Math.max(0, b.left - r); x < Math.min(size, b.left + b.width + r); x++) {
      const g = greyAt(img, y * size + x);
      if (y >= b.top && y < b.top + b.height && x >= b.left && x < b.left + b.width) {
        sum += g;
        sum2 += g * g;
        n++;
      } else ring.push(g);
    }
  ring.sort((p, q) => p - q);
  const mean = sum / n;
  const sd = Math.sqrt(Math.max(0, sum2 / n - mean * mean)) + 1e-6;
  return (mean - ring[ring.length >> 1]!) / sd;
}

/** Each part's descriptors of one image set. */
export class PartDescriptors {
  readonly parts = new Map<FacePart, Float64Array[]>(FACE_PARTS.map((p) => [p, []]));

  /** `lightWeight` 0 gives the measure as it was before boxLight (for the probes that show the difference). */
  constructor(private readonly lightWeight = LIGHT_WEIGHT) {}

  add(img: RgbImage): this {
    for (const [part, list] of this.parts) list.push(partDescriptor(img, part, this.lightWeight));
    return this;
  }
}

/** Per part, the real manifold of reference faces (k = 3, as the paper). */
export class PartManifolds {
  private constructor(private readonly manifolds: Map<FacePart, RealManifold>) {}

  static async of(references: PartDescriptors, k = 3): Promise<PartManifolds> {
    const m = new Map<FacePart, RealManifold>();
    for (const [part, list] of references.parts) m.set(part, await RealManifold.of(list, k));
    return new PartManifolds(m);
  }

  /** Share of each part of `set` inside the real manifold. */
  async precision(set: PartDescriptors): Promise<Record<FacePart, number>> {
    const out = {} as Record<FacePart, number>;
    for (const [part, list] of set.parts) out[part] = await this.manifolds.get(part)!.precision(list);
    return out;
  }
}
