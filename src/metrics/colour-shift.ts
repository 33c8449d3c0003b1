// How far an edit moves a face's colours, whatever it moves where: the total-variation distance between
// the chroma histograms (Cb, Cr of JPEG's YCbCr, 8-level bins) of edit and input. Moving pixels (a warp,
// a flip) leaves it at about 0; a green patch on a forehead, a blue cast over a cheek or an orange mouth
// adds chroma the face did not have. Neither spectral artefacts nor SWD see such low-frequency blotches.
import type { RgbImage } from '../image/rgb-image.js';

const BINS = 32;

/** Normalised 32 × 32 histogram of (Cb, Cr). */
export function chromaHistogram(img: RgbImage): Float64Array {
  const h = new Float64Array(BINS * BINS);
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    const [r, g, b] = [img.data[3 * i]!, img.data[3 * i + 1]!, img.data[3 * i + 2]!];
    const cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
    const cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
    const bin = (v: number) => Math.min(BINS - 1, Math.max(0, Math.floor(v / (256 / BINS))));
    h[bin(cb) * BINS + bin(cr)]! += 1 / n;
  }
  return h;
}

/** ½ Σ |p − q| over the bins: 0 = the same colours, 1 = none in common. */
export function colourShift(input: RgbImage, edit: RgbImage): number {
  const [p, q] = [chromaHistogram(input), chromaHistogram(edit)];
  let tv = 0;
  for (let i = 0; i < p.length; i++) tv += Math.abs(p[i]! - q[i]!);
  return tv / 2;
}

export class ColourShiftMeter {
  private sum = 0;
  private n = 0;
  add(input: RgbImage, edit: RgbImage): void {
    this.sum += colourShift(input, edit);
    this.n++;
  }
  get mean(): number {
    return this.n ? this.sum / this.n : NaN;
  }
}
