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

/** Total-variation distance ½ Σ |p − q| of two normalised histograms: 0 = the same, 1 = nothing in common. */
function histogramDistance(p: Float64Array, q: Float64Array): number {
  let tv = 0;
  for (let i = 0; i < p.length; i++) tv += Math.abs(p[i]! - q[i]!);
  return tv / 2;
}

/** The distance between the chroma histograms: 0 = the same colours, 1 = none in common. */
export function colourShift(input: RgbImage, edit: RgbImage): number {
  return histogramDistance(chromaHistogram(input), chromaHistogram(edit));
}

const LIGHTNESS_BINS = 32;

/** Normalised 32-bin histogram of lightness (Y of JPEG's YCbCr). */
export function lightnessHistogram(img: RgbImage): Float64Array {
  const h = new Float64Array(LIGHTNESS_BINS);
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    const y = 0.299 * img.data[3 * i]! + 0.587 * img.data[3 * i + 1]! + 0.114 * img.data[3 * i + 2]!;
    h[Math.min(LIGHTNESS_BINS - 1, Math.floor(y / (256 / LIGHTNESS_BINS)))]! += 1 / n;
  }
  return h;
}

/** The distance between the lightness histograms: what colourShift cannot see, dark or light patches of the face's
 * own hue (smudges over brows and eyes); moving pixels leaves it near 0, an opened mouth or bared teeth move it a
 * little. */
export function lightnessShift(input: RgbImage, edit: RgbImage): number {
  return histogramDistance(lightnessHistogram(input), lightnessHistogram(edit));
}

export class ColourShiftMeter {
  private sum = 0;
  private n = 0;
  constructor(private readonly measure: (input: RgbImage, edit: RgbImage) => number = colourShift) {}
  add(input: RgbImage, edit: RgbImage): void {
    this.sum += this.measure(input, edit);
    this.n++;
  }
  get mean(): number {
    return this.n ? this.sum / this.n : NaN;
  }
}
