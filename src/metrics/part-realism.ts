// Realism of one face part at a time: the share of the mouths (or eyes) of a set of aligned faces that fall inside the
// manifold of real faces' mouths (manifold-precision.ts). Edits whose mouths turn into blurred bands or vertical smears
// of teeth keep whole-face KID and SWD near real (the mouth is a tenth of the face) while a person sees nothing else.
import type { RgbImage } from '../image/rgb-image.js';
import { FACE_PARTS, type FacePart, partBox } from '../face/part-boxes.js';
import { RealManifold } from './manifold-precision.js';

/** How much the detail map weighs beside the colours, per value. At 2, mouths of real faces stretched 4× vertically
 * about their middle row (a warp's streaks) fell more than 0.3 below the same mouths unstretched
 * (part-realism.test.ts); at 0 (colours alone), 0.29. */
const DETAIL_WEIGHT = 2;

/** The part's box halved by 2×2 means and standardised over its values (mean 0, std 1), so that lighting and skin tone
 * weigh less than shape and texture; then its detail: the magnitude of the grey image's Laplacian, meaned over the same
 * 2×2 cells, over the box's grey std. Pixel distances alone call a blurred mouth real (it sits near the mean of all
 * mouths); its detail map is near zero where every real mouth has lip edges and teeth. */
export function partDescriptor(img: RgbImage, part: FacePart): Float64Array {
  const b = partBox(part, img.width);
  const [w, h] = [b.width >> 1, b.height >> 1];
  const v = new Float64Array(w * h * 4);
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
  const detail = v.subarray(w * h * 3);
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
  return v;
}

/** Each part's descriptors of one image set. */
export class PartDescriptors {
  readonly parts = new Map<FacePart, Float64Array[]>(FACE_PARTS.map((p) => [p, []]));

  add(img: RgbImage): this {
    for (const [part, list] of this.parts) list.push(partDescriptor(img, part));
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
