// How much of the input's fine detail an edit keeps in the mouth and the eyes: the mean |Laplacian| of the part's grey
// image, edit over input. Part realism (part-realism.ts) measures the share of parts inside the manifold of real
// parts, and a featureless part sits at that manifold's centre: on held-out faces 500–599 the mouth box filled with
// its mean colour read 1.00 real and the mouths box-blurred (radius 2 px) 0.93, where the real mouths read 0.87.
// This is the measure that sees the blur; it rises with painted specks and grids, which part realism and the
// artefact ratio see.
import type { RgbImage } from '../image/rgb-image.js';
import { FACE_PARTS, type FacePart, partBox } from '../face/part-boxes.js';

/** The yardstick's blur: a Gaussian of half a pixel keeps 0.85 of a faces128 part's detail (faces 500–599). */
export const HALF_PIXEL = 0.5;

function greyOf(img: RgbImage): Float64Array {
  const g = new Float64Array(img.width * img.height);
  for (let i = 0; i < g.length; i++)
    g[i] = 0.299 * img.data[3 * i]! + 0.587 * img.data[3 * i + 1]! + 0.114 * img.data[3 * i + 2]!;
  return g;
}

/** Separable Gaussian of standard deviation `sigma` px, the border repeated. */
export function gaussianBlur(g: Float64Array, width: number, sigma: number): Float64Array {
  const height = g.length / width;
  const r = Math.ceil(3 * sigma);
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const total = k.reduce((a, b) => a + b, 0);
  const pass = (src: Float64Array, dx: number, dy: number) => {
    const out = new Float64Array(src.length);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        let s = 0;
        for (let i = -r; i <= r; i++) {
          const xx = Math.min(width - 1, Math.max(0, x + i * dx));
          const yy = Math.min(height - 1, Math.max(0, y + i * dy));
          s += k[i + r]! * src[yy * width + xx]!;
        }
        out[y * width + x] = s / total;
      }
    return out;
  };
  return pass(pass(g, 1, 0), 0, 1);
}

/** Mean |4-neighbour Laplacian| of a grey plane over the part's box, its border pixels excluded (grey levels). */
function detailIn(g: Float64Array, width: number, part: FacePart): number {
  const b = partBox(part, width);
  let [s, n] = [0, 0];
  for (let y = b.top + 1; y < b.top + b.height - 1; y++)
    for (let x = b.left + 1; x < b.left + b.width - 1; x++) {
      const i = y * width + x;
      s += Math.abs(4 * g[i]! - g[i - 1]! - g[i + 1]! - g[i - width]! - g[i + width]!);
      n++;
    }
  return s / n;
}

/** The part's fine detail: mean |Laplacian| of its grey image (grey levels). */
export const partDetail = (img: RgbImage, part: FacePart): number => detailIn(greyOf(img), img.width, part);

/** The image blurred by a Gaussian of `sigma` px, channel by channel, rounded to bytes as an edit is. */
export function blurredImage(img: RgbImage, sigma: number): RgbImage {
  const n = img.width * img.height;
  const data = new Uint8Array(n * 3);
  for (let c = 0; c < 3; c++) {
    const plane = gaussianBlur(
      Float64Array.from({ length: n }, (_, i) => img.data[3 * i + c]!),
      img.width,
      sigma,
    );
    for (let i = 0; i < n; i++) data[3 * i + c] = Math.round(plane[i]!);
  }
  return { width: img.width, height: img.height, data };
}

const median = (v: readonly number[]): number => {
  if (!v.length) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};

const perPart = <T>(f: (p: FacePart) => T): Record<FacePart, T> =>
  Object.fromEntries(FACE_PARTS.map((p) => [p, f(p)])) as Record<FacePart, T>;

/** Detail kept by each preset's edits of many inputs, and by the inputs blurred by HALF_PIXEL (the yardstick). */
export class PartDetailMeter {
  private readonly kept = new Map<string, Record<FacePart, number[]>>();
  private readonly blurred = perPart((): number[] => []);

  /** One input and its edits, named (the presets); parts without detail (a flat box) are left out. */
  add(input: RgbImage, edits: readonly { name: string; image: RgbImage }[]): void {
    const soft = blurredImage(input, HALF_PIXEL);
    for (const part of FACE_PARTS) {
      const own = partDetail(input, part);
      if (!(own > 0)) continue;
      this.blurred[part].push(partDetail(soft, part) / own);
      for (const { name, image } of edits) {
        if (!this.kept.has(name))
          this.kept.set(
            name,
            perPart((): number[] => []),
          );
        this.kept.get(name)![part].push(partDetail(image, part) / own);
      }
    }
  }

  /** Medians: over every edit (`presets`), per preset (`byPreset`), and the blurred inputs' (`halfPixelBlur`). */
  summary(): {
    presets: Record<FacePart, number>;
    byPreset: Record<string, Record<FacePart, number>>;
    halfPixelBlur: Record<FacePart, number>;
  } {
    const all = [...this.kept.values()];
    return {
      presets: perPart((p) => median(all.flatMap((k) => k[p]))),
      byPreset: Object.fromEntries([...this.kept].map(([name, k]) => [name, perPart((p) => median(k[p]))])),
      halfPixelBlur: perPart((p) => median(this.blurred[p])),
    };
  }
}
